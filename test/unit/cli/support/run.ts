/** Runs the CLI in-process with captured streams (shared by the unit and integration tests). */
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli, type CliIO } from '../../../../cli/main.js';

export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunOptions = Partial<Omit<CliIO, 'stdout' | 'stderr' | 'stdin'>> & { input?: string };

export async function run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const { input, ...io } = opts;
  const stdin = input === undefined ? emptyInput() : Readable.from([input]);
  const code = await runCli(argv, {
    sleep: () => Promise.resolve(),
    env: { HOME: '/nonexistent-home' },
    ...io,
    stdout,
    stderr,
    stdin,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function emptyInput(): Readable {
  const s = new PassThrough();
  s.end();
  return s;
}
