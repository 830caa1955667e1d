/** Chooses the pretty printer for an agent type and feeds it a log stream line by line. */
import { Writable } from 'node:stream';
import type { LineFormatter, LogStreams } from './formatter.js';
import { claudeCodeFormatter } from './claude-code.js';
import { codexFormatter } from './codex.js';
import { geminiFormatter } from './gemini.js';
import { opencodeFormatter } from './opencode.js';

export function formatterFor(agentType: string, streams: LogStreams): LineFormatter {
  switch (agentType) {
    case 'codex':
      return codexFormatter(streams);
    case 'gemini':
      return geminiFormatter(streams);
    case 'opencode':
      return opencodeFormatter(streams);
    default:
      return claudeCodeFormatter(streams);
  }
}

/** A writable that splits its input into lines (blank lines skipped) for a formatter. */
export function lineWriter(format: LineFormatter): Writable {
  let pending = '';
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _enc, done) {
      pending += chunk.toString();
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        feedLine(format, pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      done();
    },
    final(done) {
      feedLine(format, pending);
      pending = '';
      done();
    },
  });
}

/** Formats a whole log text (tests, and non-streaming use). */
export function formatLogText(agentType: string, text: string, streams: LogStreams): void {
  const format = formatterFor(agentType, streams);
  for (const line of text.split('\n')) feedLine(format, line);
}

/** CRLF logs are read like LF ones; blank lines carry nothing for a printer. */
function feedLine(format: LineFormatter, line: string): void {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (l.trim() !== '') format(l);
}
