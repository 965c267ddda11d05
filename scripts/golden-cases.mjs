// The golden cases: tests/golden/CASES.tsv (shared) and CASES_EXTRA.tsv (made
// here with the reference), one per line: name, tab, the command line.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const goldenDir = fileURLToPath(new URL('../tests/golden/', import.meta.url));

/** Every case as {name, args, file}, shared cases first. */
export function readCases() {
  return ['CASES.tsv', 'CASES_EXTRA.tsv']
    .filter((f) => existsSync(goldenDir + f))
    .flatMap((f) =>
      readFileSync(goldenDir + f, 'utf8')
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => {
          const [name, args] = line.split('\t');
          return { name, args: args.trim().split(/\s+/), file: f };
        }),
    );
}
