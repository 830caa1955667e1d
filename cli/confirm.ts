/** The `[y/N]` prompt before overriding an existing resource. */
import type { Readable, Writable } from 'node:stream';
import { createInterface, type Interface } from 'node:readline';

/** yes/y in any case is a yes; anything else, or end of input, is a no. */
export function isYes(answer: string): boolean {
  return ['y', 'yes'].includes(answer.trim().toLowerCase());
}

export function overridePrompt(resource: string): string {
  return `Resource ${resource} already exists. Override? [y/N]: `;
}

/**
 * Reads answers line by line from one readline interface for the whole run,
 * so a second prompt still sees lines that arrived in the same chunk.
 */
export class LineReader {
  private rl: Interface | undefined;
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;

  constructor(private readonly input: Readable) {}

  next(): Promise<string | undefined> {
    this.open();
    const line = this.lines.shift();
    if (line !== undefined || this.closed) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.rl?.close();
  }

  private open(): void {
    if (this.rl) return;
    this.rl = createInterface({ input: this.input, terminal: false });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
  }
}

export async function confirm(prompt: string, reader: LineReader, stderr: Writable): Promise<boolean> {
  stderr.write(prompt);
  return isYes((await reader.next()) ?? '');
}
