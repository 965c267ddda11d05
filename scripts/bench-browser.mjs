// What the page benchmarks share: Chromium's flags and the site served by
// scripts/serve.mjs on a free port.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The same flags as the browser tests (tests/e2e/support.mjs). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts scripts/serve.mjs on a free port for `dir`. Returns {url, stop}. */
export async function startServer(/** @type {string} */ dir) {
  const child = spawn(process.execPath, [join(root, 'scripts/serve.mjs'), dir], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await /** @type {Promise<string>} */ (new Promise((done, fail) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/\S+\//);
      if (match) done(match[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`serve.mjs exited (${code}): ${output}`)));
  }));
  const stop = () => new Promise((done) => {
    if (child.exitCode !== null) return done(undefined);
    child.once('exit', done);
    child.kill('SIGTERM');
    return undefined;
  });
  return { url, stop };
}
