#!/usr/bin/env node
// A small static file server for the built page, with no dependencies.
// Usage: node scripts/serve.mjs [DIR]   (DIR defaults to build/web)
// Listens on localhost at $PORT, or 8080; if that port is taken, on a free one.
// Prints the URL on one line; stops on Ctrl-C or SIGTERM.
// The page is cross-origin isolated (COOP/COEP headers), so its searches run
// on threads; NNDF_SERVE_PLAIN=1 leaves the headers out, like a static host
// that cannot set them (the page then isolates itself: web/isolation.js).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make the page cross-origin isolated (docs/web.md). */
const ISOLATION = process.env.NNDF_SERVE_PLAIN === '1' ? {} : {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The file under `root` that a URL path names, or null if it leaves `root`. */
function fileFor(/** @type {string} */ root, /** @type {string} */ urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = resolve(join(root, path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function handle(/** @type {string} */ root, /** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
  const reply = (/** @type {number} */ status, /** @type {string} */ text) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
  let file = fileFor(root, req.url ?? '/');
  if (!file) return reply(403, 'forbidden\n');
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      ...ISOLATION,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  } catch {
    reply(404, 'not found\n');
  }
}

/** Listens on `port`, or on a free port if that one is taken. */
function listen(/** @type {import('node:http').Server} */ server, /** @type {number} */ port, /** @type {string} */ host) {
  return /** @type {Promise<number>} */ (new Promise((done, fail) => {
    const onError = (/** @type {NodeJS.ErrnoException} */ err) => {
      if (err.code !== 'EADDRINUSE' || port === 0) return fail(err);
      server.listen(0, host);
    };
    server.on('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      done(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
    });
  }));
}

const root = resolve(process.argv[2] ?? 'build/web');
try {
  if (!(await stat(join(root, 'index.html'))).isFile()) throw new Error();
} catch {
  console.error(`serve: error: ${root}/index.html not found (run npm run build first)`);
  process.exit(1);
}
const wanted = process.env.PORT ? Number(process.env.PORT) : 8080;
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`serve: error: PORT must be a port number, got '${process.env.PORT}'`);
  process.exit(1);
}
const server = createServer((req, res) => handle(root, req, res));
const port = await listen(server, wanted, '127.0.0.1');
console.log(`Serving ${root} at http://localhost:${port}/ (Ctrl-C stops)`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
