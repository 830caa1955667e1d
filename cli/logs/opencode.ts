/** opencode `run --format json`: text parts to stdout, a result line per finished step, errors to stderr. */
import { obj, num, parseEvent, str, type LineFormatter, type LogStreams } from './formatter.js';

export function opencodeFormatter({ stdout, stderr }: LogStreams): LineFormatter {
  return (line) => {
    const ev = parseEvent(line);
    if (!ev) {
      stdout.write(`${line}\n`);
      return;
    }
    switch (ev['type']) {
      case 'text': {
        const text = str(ev['text']) || str(obj(ev['part'])['text']);
        if (text) stdout.write(text);
        break;
      }
      case 'step_finish': {
        const t = obj(obj(ev['part'])['tokens']);
        const has = typeof t['input'] === 'number' || typeof t['output'] === 'number';
        stderr.write(
          has
            ? `\n[result] completed (input=${num(t['input'])}, output=${num(t['output'])})\n`
            : '\n[result] completed\n',
        );
        break;
      }
      case 'error': {
        // Not in the original printer: without it a failed run ends silently.
        const e = obj(ev['error']);
        const message =
          str(obj(e['data'])['message']) || str(e['message']) || str(e['name']) || 'unknown error';
        stderr.write(`\n[error] ${message}\n`);
        break;
      }
      default:
        break;
    }
  };
}
