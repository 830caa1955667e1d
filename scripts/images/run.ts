/**
 * Runs the build's tools: output appended to a log file (printed in part
 * when a step fails, or streamed with KELOS_IMAGES_VERBOSE=1), stdout
 * returned for the commands whose answer is needed (container ids).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

export interface RunOptions {
  log: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const VERBOSE = process.env['KELOS_IMAGES_VERBOSE'] === '1';

export function logTail(log: string, lines = 40): string {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<string> {
  appendFileSync(opts.log, `\n$ ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const record = (chunk: Buffer): void => {
      appendFileSync(opts.log, chunk);
      if (VERBOSE) process.stderr.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      record(chunk);
    });
    child.stderr.on('data', record);
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout.trim());
      else {
        const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
        reject(
          new Error(`${cmd} ${args.slice(0, 4).join(' ')} ${why}; log ${opts.log}:\n${logTail(opts.log)}`),
        );
      }
    });
  });
}
