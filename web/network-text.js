// A network (nndf-network/1) as text the way nns/*.json are written: one
// line per layer, so a person can read it, diff it and edit it.

/**
 * @typedef {{format: string, name?: string, input: Record<string, unknown>, ext?: Record<string, unknown>[], layers: Record<string, unknown>[]}} NetworkDoc
 */

/** One object on one line, with a space after each colon and comma (as nns/*.json). */
const line = (/** @type {unknown} */ value) => JSON.stringify(value).replace(/,(?=["{[\d-])/g, ', ').replace(/":/g, '": ');

/** The network's JSON text, ending in a newline. */
export function networkText(/** @type {NetworkDoc} */ net) {
  const head = [`  "format": ${JSON.stringify(net.format)}`];
  if (net.name !== undefined) head.push(`  "name": ${JSON.stringify(net.name)}`);
  head.push(`  "input": ${line(net.input)}`);
  if (net.ext && net.ext.length > 0) head.push(`  "ext": [\n${net.ext.map((e) => `    ${line(e)}`).join(',\n')}\n  ]`);
  head.push(`  "layers": [\n${net.layers.map((l) => `    ${line(l)}`).join(',\n')}\n  ]`);
  return `{\n${head.join(',\n')}\n}\n`;
}
