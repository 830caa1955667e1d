/**
 * Entry of the `kelos` CLI. `runCli` runs one command line in-process with
 * injected streams (tests use it); `main` wires it to the real process.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { makeContext, type CliIO } from './context.js';
import { buildProgram } from './program.js';
import { runComplete } from './commands/completion.js';

export type { CliIO } from './context.js';

/** The package root (holds crds/ and knative/), from cli/ or dist/cli/. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'crds'))) return dir;
    if (dirname(dir) === dir) return join(from, '..');
  }
}

/** Runs `kelos <argv...>`; resolves to the exit code. Errors print `Error: <message>` on stderr. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const ctx = makeContext(io, packageRoot());
  const { program, registry } = buildProgram(ctx);
  try {
    if (argv[0] === '__complete') await runComplete(ctx, registry, program, argv.slice(1));
    else await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      ctx.stderr.write(`Error: ${err.message.replace(/^error: /, '')}\n`);
      return 1;
    }
    ctx.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    ctx.stdin.close();
  }
}

export async function main(): Promise<void> {
  // `kelos get ... | head`: a closed pipe ends the command quietly, as in other CLIs.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  process.exitCode = code;
}
