// The Pages workflow (.github/workflows/pages.yml) is valid YAML, builds and
// tests with what CI runs (.ci/run, that is `npm test`, whose scripts build
// build/web), publishes build/web to GitHub Pages from main only, and
// attaches a tarball of the same folder to tagged releases. GitHub runs the
// file only when it is pushed, so these checks are the only ones before that.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { repoPath } from './support.mjs';

const WORKFLOW = repoPath('.github/workflows/pages.yml');

/**
 * The workflow as data, parsed by PyYAML (Debian's python3-yaml, which
 * scripts/bootstrap.sh installs): a YAML parser, not a look at the text.
 */
function parseYaml(/** @type {string} */ file) {
  const { status, stdout, stderr, error } = spawnSync('python3', ['-c',
    'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))', file], { encoding: 'utf8' });
  if (error) throw error;
  assert.equal(status, 0, `not valid YAML: ${stderr}`);
  return JSON.parse(stdout);
}

const workflow = parseYaml(WORKFLOW);
/** YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on". */
const triggers = workflow.on ?? workflow.true;
/** @type {Record<string, any>} */
const jobs = workflow.jobs;
const steps = (/** @type {string} */ job) => /** @type {any[]} */ (jobs[job].steps);
const stepUsing = (/** @type {string} */ job, /** @type {string} */ action) => steps(job).filter((s) => s.uses?.split('@')[0] === action);
const runLines = (/** @type {string} */ job) => steps(job).flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
/** The jobs a job waits for. */
const needs = (/** @type {string} */ job) => [jobs[job].needs ?? []].flat();

test('the workflow is a mapping of triggers and jobs, each job with a runner and steps', () => {
  assert.equal(typeof workflow, 'object');
  assert.ok(triggers, 'no triggers (on:)');
  assert.ok(Object.keys(jobs).length >= 2);
  for (const [name, job] of Object.entries(jobs)) {
    assert.equal(typeof job['runs-on'], 'string', `${name}: runs-on`);
    assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${name}: steps`);
    for (const step of job.steps) {
      assert.ok((step.uses === undefined) !== (step.run === undefined), `${name}: a step either uses an action or runs a command: ${JSON.stringify(step)}`);
      if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${name}: actions are pinned to a major version`);
    }
  }
});

test('it runs on every push to main and on tags', () => {
  assert.deepEqual(triggers.push.branches, ['main']);
  assert.ok(triggers.push.tags?.length > 0);
});

test('the build job builds and tests with what CI runs, the npm scripts that build build/web', async () => {
  // The one build job: the job every publishing job waits for.
  const builders = new Set(['deploy', 'release'].flatMap(needs));
  assert.deepEqual([...builders], ['build']);
  const lines = runLines('build');
  assert.ok(lines.includes('.ci/run'), `the build job runs .ci/run: ${lines.join(' | ')}`);
  // .ci/run is npm test; npm test builds (build:web among it) and runs every test.
  assert.match(await readFile(repoPath('.ci/run'), 'utf8'), /^exec npm test$/m);
  const { scripts } = JSON.parse(await readFile(repoPath('package.json'), 'utf8'));
  const ran = (/** @type {string} */ name) => /** @type {string[]} */ ([...scripts[name].matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
  const all = new Set();
  for (let next = ['test']; next.length > 0;) {
    const name = /** @type {string} */ (next.pop());
    assert.ok(scripts[name], `npm script ${name} exists`);
    if (!all.has(name)) next.push(...ran(name));
    all.add(name);
  }
  for (const script of ['build:native', 'build:wasm', 'build:web', 'test:js', 'e2e', 'e2e:firefox']) assert.ok(all.has(script), `npm test runs ${script}`);
  // Other npm scripts the workflow calls exist (a renamed script fails here, not on GitHub).
  for (const line of lines) {
    for (const [, name] of line.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[name], `npm script ${name}`);
  }
  // build:web writes build/web.
  assert.match(scripts['build:web'], /scripts\/build-web\.mjs/);
  assert.match(await readFile(repoPath('scripts/build-web.mjs'), 'utf8'), /join\(repo, 'build', 'web'\)/);
});

test('build/web is what is published to Pages, from main only', () => {
  const [upload] = stepUsing('build', 'actions/upload-pages-artifact');
  assert.equal(upload?.with?.path, 'build/web');
  // The upload comes after the tests: a failing test publishes nothing.
  const order = steps('build');
  assert.ok(order.indexOf(upload) > order.findIndex((s) => s.run === '.ci/run'));
  assert.equal(stepUsing('deploy', 'actions/deploy-pages').length, 1);
  assert.deepEqual(needs('deploy'), ['build']);
  assert.equal(jobs.deploy.if, "github.ref == 'refs/heads/main'");
  assert.equal(jobs.deploy.permissions.pages, 'write');
  assert.equal(jobs.deploy.permissions['id-token'], 'write');
  assert.equal(jobs.deploy.environment.name, 'github-pages');
});

test('a tag\'s release gets a tarball of build/web', () => {
  const lines = runLines('build');
  const tar = lines.find((l) => l.startsWith('tar '));
  const tarball = (tar ?? '').match(/^tar -C build -czf (\S+\.tar\.gz) web$/)?.[1];
  assert.ok(tarball, `the build job tars build/web: ${tar}`);
  const [kept] = stepUsing('build', 'actions/upload-artifact');
  assert.equal(kept?.with?.path, tarball);
  assert.deepEqual(needs('release'), ['build']);
  assert.equal(jobs.release.if, "startsWith(github.ref, 'refs/tags/')");
  assert.equal(jobs.release.permissions.contents, 'write');
  const [fetched] = stepUsing('release', 'actions/download-artifact');
  assert.equal(fetched?.with?.name, kept.with.name);
  assert.ok(runLines('release').some((l) => /^gh release upload /.test(l)), 'uploads to the release');
});
