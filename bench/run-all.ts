/**
 * `npm run bench`: runs every benchmark under bench/ in turn (each prints its
 * own figures). Pass names to run a subset: `npm run bench -- control-plane-start`;
 * numbers after a name are that benchmark's arguments: `npm run bench -- burst 10000`.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const HELPERS = new Set(['run-all.ts', 'stats.ts']);

async function run(args: string[]): Promise<void> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.ts') && !HELPERS.has(f)).sort();
  const names = files.map((f) => f.replace(/\.ts$/, ''));
  /** name → its numeric arguments, from `name [n ...] name [n ...]`. */
  const wanted = new Map<string, number[]>();
  let current: number[] | undefined;
  for (const arg of args) {
    if (names.includes(arg)) wanted.set(arg, (current = []));
    else if (current && /^\d+(\.\d+)?$/.test(arg)) current.push(Number(arg));
    else
      throw new Error(
        `bench: unknown benchmark or argument ${JSON.stringify(arg)} (benchmarks: ${names.join(', ')})`,
      );
  }
  for (const file of files) {
    const name = file.replace(/\.ts$/, '');
    if (wanted.size > 0 && !wanted.has(name)) continue;
    console.log(`\n### ${name}`);
    const mod = (await import(pathToFileURL(resolve(DIR, file)).href)) as {
      main?: (...args: number[]) => Promise<void>;
    };
    if (typeof mod.main !== 'function') {
      console.log(`(skipped: ${file} exports no main())`);
      continue;
    }
    await mod.main(...(wanted.get(name) ?? []));
  }
}

// A bad argument or a failed benchmark ends with its message (the stack with BENCH_DEBUG=1), exit 1.
await run(process.argv.slice(2)).catch((err: unknown) => {
  console.error(process.env.BENCH_DEBUG ? err : `${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
