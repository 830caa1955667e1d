import { execFile } from 'node:child_process';
import type { CommandResult } from './collect-outputs.js';

/** Every command the capture runs gets this long before it is killed (§5.1). */
export const COMMAND_TIMEOUT_MS = 30_000;

/** Runs a command in the current directory; stderr is discarded, any failure is just `ok: false`. */
export function runCommand(
  cmd: string,
  args: string[],
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => {
        resolve({ ok: err === null, stdout: typeof stdout === 'string' ? stdout : '' });
      },
    );
  });
}
