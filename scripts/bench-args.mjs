// The command line of a benchmark script: its `--name value` options.

/**
 * The value after `name` on this process's command line, or `fallback`
 * when the option is absent or last.
 * @template {string | null} F
 * @param {string} name
 * @param {F} fallback
 * @returns {string | F}
 */
export function option(name, fallback) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(name);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
}
