// The built-in networks of issue 12 (nns/): each is what
// scripts/make-modern-networks.mjs writes, follows the format's rules
// (format_v12.md), and has its paper's MACs and parameters, within the
// tolerance and for the reasons written in docs/networks.md. Beyond the
// rounded figures of the papers, the parameters the format does not model
// (batch-norm scale and shift, biases, embedding tables, the class token)
// are counted from the architecture and must close the gap to the exact
// count of the reference implementation to the parameter.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { modernNetworkTexts } from '../../scripts/make-modern-networks.mjs';
import { countNetwork, formatProblems } from './network-count.mjs';
import { repoPath } from './support.mjs';

const D = 768;
const sumNofm = (net, types, except = []) => net.layers.filter((l) => types.includes(l.type) && !except.includes(l.name)).reduce((n, l) => n + l.nofm, 0);
/** Batch norm after every conv: a scale and a shift per output channel; the classifier's bias. */
const cnnExtras = (net) => 2 * sumNofm(net, ['conv']) + sumNofm(net, ['fc']);
/** A bias on every projection (conv 1x1) and fc. */
const biases = (net, except = []) => sumNofm(net, ['conv', 'fc'], except);

/**
 * Published figures: MACs and parameters with their source and the
 * tolerance of the comparison; `leftOut` is a large part of the published
 * parameters the network does not hold (embedding tables, added before the
 * comparison), `beyond` the MACs our network computes that the published
 * figure does not count (subtracted); `exact` is the reference
 * implementation's parameter count, which the weights and everything the
 * format leaves out (`extras`) must add up to.
 */
const PUBLISHED = {
  'mobilenet_v1.json': {
    macs: 569e6, params: 4.2e6, tolerance: 0.01, source: 'Howard et al. 2017, Tables 1 and 8',
    exact: 4231976, extras: cnnExtras,
  },
  'mobilenet_v2.json': {
    macs: 300e6, params: 3.4e6, tolerance: 0.03, source: 'Sandler et al. 2018, Tables 2 and 4',
    exact: 3504872, extras: cnnExtras,
  },
  'resnext50.json': {
    macs: 4.2e9, params: 25.0e6, tolerance: 0.01, source: 'Xie et al. 2017, Table 1',
    exact: 25028904, extras: cnnExtras,
  },
  'bert_base.json': {
    // MobileBERT's FLOPs count a multiply-add as two.
    macs: 22.5e9 / 2, params: 110e6, tolerance: 0.01, source: 'Devlin et al. 2019 (110M); Sun et al. 2020 (MobileBERT), Table 4 (22.5 GFLOPs at 128 tokens)',
    leftOut: (30522 + 512 + 2) * D,
    exact: 109482240, extras: (net) => (30522 + 512 + 2) * D + biases(net),
  },
  'vit_b16.json': {
    macs: 17.6e9, params: 86e6, tolerance: 0.01, source: 'Dosovitskiy et al. 2021, Table 1 (86M); Touvron et al. 2021 (DeiT), Table 1 (17.6 G)',
    exact: 86567656, extras: (net) => D + 197 * D + biases(net),
  },
  'gpt2_small.json': {
    // Kaplan et al. 2020, section 2.1: C_forward = 2N + 2 n_layer n_ctx d_model FLOPs per token, N = 12 n_layer d_model^2.
    macs: 1024 * (12 * 12 * D * D + 12 * 1024 * D), params: 124e6, tolerance: 0.01, source: 'Radford et al. 2019 (released 124M); Kaplan et al. 2020, section 2.1',
    // The scores of all S x S pairs make context's MACs (P x V) a second S^2 d per layer; the next-token head.
    beyond: 12 * 1024 * 1024 * D + D * 50257,
    exact: 124439808, extras: (net) => 1024 * D + biases(net, ['lm_head']),
  },
};

const networks = modernNetworkTexts();

test('nns/ holds what scripts/make-modern-networks.mjs writes, and every network in PUBLISHED', async () => {
  assert.deepEqual(networks.map((n) => n.file).sort(), Object.keys(PUBLISHED).sort());
  for (const { file, text } of networks) assert.equal(await readFile(repoPath(`nns/${file}`), 'utf8'), text, file);
});

for (const { file, text } of networks) {
  const net = JSON.parse(text);
  const p = PUBLISHED[file];
  const { macs, weights } = countNetwork(net);
  describe(`${file} (${net.name})`, () => {
    test('follows the rules of format_v12.md', () => {
      assert.deepEqual(formatProblems(net), []);
    });

    test(`MACs and parameters within ${p.tolerance * 100}% of ${p.source}`, (t) => {
      const ourMacs = macs - (p.beyond ?? 0);
      const ourParams = weights + (p.leftOut ?? 0);
      t.diagnostic(`MACs ${macs} - ${p.beyond ?? 0} (published ${p.macs}, ${((ourMacs / p.macs - 1) * 100).toFixed(2)}%), `
        + `weights ${weights} + ${p.leftOut ?? 0} (published ${p.params}, ${((ourParams / p.params - 1) * 100).toFixed(2)}%)`);
      assert.ok(Math.abs(ourMacs / p.macs - 1) <= p.tolerance, `MACs ${ourMacs} vs ${p.macs}`);
      assert.ok(Math.abs(ourParams / p.params - 1) <= p.tolerance, `parameters ${ourParams} vs ${p.params}`);
    });

    test('what the format leaves out closes the gap to the reference implementation\'s exact count', () => {
      assert.equal(weights + p.extras(net), p.exact);
    });
  });
}

test('GPT-2: our MACs are Kaplan\'s plus the second half of the full S x S attention and the next-token head', () => {
  const net = JSON.parse(networks.find((n) => n.file === 'gpt2_small.json').text);
  const kaplanMacs = 1024 * (12 * 12 * D * D + 12 * 1024 * D);
  assert.equal(countNetwork(net).macs, kaplanMacs + 12 * 1024 * 1024 * D + D * 50257);
});
