/**
 * Runs a function's `main()` as the process entry: a startup failure (bad
 * config, no credentials, port taken) is logged as one line naming the
 * cause and the process exits 1, so the container restarts visibly.
 */
import { redactString } from '../log/redact.js';

export type FunctionMain = (env?: NodeJS.ProcessEnv) => Promise<unknown>;

/** Names already started in this process: a function whose entry is reached twice still starts once. */
const started = new Set<string>();

export async function runMain(name: string, main: FunctionMain): Promise<void> {
  if (started.has(name)) return;
  started.add(name);
  try {
    await main(process.env);
  } catch (err) {
    process.stderr.write(`${name}: failed to start: ${redactString(describeChain(err))}\n`);
    process.exitCode = 1;
    // Nothing else should keep the process alive; exit explicitly in case a handle was opened.
    setTimeout(() => process.exit(1), 100).unref();
  }
}

function describeChain(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let i = 0; current !== undefined && i < 5; i++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
