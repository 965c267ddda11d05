#!/usr/bin/env node
// Regenerates tests/golden/groups/NAME.json: the reference's results for the
// branched networks that spell a grouped convolution in the reference's terms
// (tests/golden/groups/README.md), one per line of tests/golden/groups/CASES.tsv.
// Runs the reference like regenerate-golden.mjs (shim, PYTHONHASHSEED=0, -p 1).
//
// usage: node scripts/reference/regenerate-groups.mjs [REFERENCE_DIR] [CASE...]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { goldenDir } from '../golden-cases.mjs';
import { pythonException, referenceTree } from './reference-runner.mjs';

const dir = join(goldenDir, 'groups');
const [ref, ...names] = process.argv.slice(2);
const cases = readFileSync(join(dir, 'CASES.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.includes('\t'))
  .map((l) => {
    const [name, args] = l.split('\t');
    return { name, args: args.trim().split(/\s+/) };
  })
  .filter((c) => names.length === 0 || names.includes(c.name));
const tree = referenceTree(ref || process.env.NNDF_REFERENCE);
let failed = 0;
try {
  for (const { name, args } of cases) {
    const run = await tree.run(args);
    if (run.status !== 0) {
      failed += 1;
      process.stdout.write(`${name}: FAILED ${pythonException(run.stderr) || run.stderr.trim().split('\n').pop()}\n`);
      continue;
    }
    writeFileSync(join(dir, `${name}.json`), run.stdout);
    process.stdout.write(`${name}: ${run.seconds.toFixed(1)} s, wrote tests/golden/groups/${name}.json\n`);
  }
} finally {
  tree.dispose();
}
process.exit(failed ? 1 : 0);
