/** codex `exec --json`: turns, commands and usage to stderr, agent messages to stdout. */
import { obj, num, parseEvent, str, type LineFormatter, type LogStreams } from './formatter.js';
import { summarize } from './summary.js';

export function codexFormatter({ stdout, stderr }: LogStreams): LineFormatter {
  let turn = 0;
  return (line) => {
    const ev = parseEvent(line);
    if (!ev) {
      stdout.write(`${line}\n`);
      return;
    }
    const item = obj(ev['item']);
    switch (ev['type']) {
      case 'turn.started':
        turn++;
        stderr.write(`\n--- Turn ${turn} ---\n`);
        break;
      case 'turn.completed': {
        const u = obj(ev['usage']);
        stderr.write(
          `[usage] input=${num(u['input_tokens'])} cached=${num(u['cached_input_tokens'])} output=${num(u['output_tokens'])}\n`,
        );
        break;
      }
      case 'item.started':
        if (item['type'] === 'command_execution')
          stderr.write(`[command] ${summarize(str(item['command']))}\n`);
        else stderr.write(`[${str(item['type'])}]\n`);
        break;
      case 'item.completed':
        if (item['type'] === 'agent_message' && str(item['text'])) stdout.write(`${str(item['text'])}\n`);
        break;
      case 'error':
        stderr.write(`[error] ${line}\n`);
        break;
      default:
        break;
    }
  };
}
