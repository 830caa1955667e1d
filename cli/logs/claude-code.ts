/**
 * claude-code `--output-format stream-json`: assistant text to stdout, turns,
 * tool calls and the result summary to stderr.
 */
import { obj, num, parseEvent, str, type LineFormatter, type LogStreams } from './formatter.js';
import { toolInputSummary } from './summary.js';

const SUMMARY_FIELDS: Record<string, string[]> = {
  Read: ['file_path'],
  Write: ['file_path'],
  Edit: ['file_path'],
  Bash: ['command'],
  Glob: ['pattern'],
  Grep: ['pattern'],
  WebFetch: ['url'],
  Task: ['description'],
  WebSearch: ['query'],
};

export function claudeToolSummary(tool: string, input: unknown): string {
  return toolInputSummary(input, SUMMARY_FIELDS, tool);
}

/** `[retry] API request failed (<error>, HTTP <status>): attempt <n>/<max>, next in <s> s`. */
export function apiRetryLine(ev: Record<string, unknown>): string {
  const why = [str(ev['error']) || 'unknown error'];
  if (num(ev['error_status']) > 0) why.push(`HTTP ${num(ev['error_status'])}`);
  const max = num(ev['max_retries']);
  const delay = (num(ev['retry_delay_ms']) / 1000).toFixed(1);
  return `[retry] API request failed (${why.join(', ')}): attempt ${num(ev['attempt'])}${max ? `/${max}` : ''}, next in ${delay} s`;
}

export function claudeCodeFormatter({ stdout, stderr }: LogStreams): LineFormatter {
  let turn = 0;
  return (line) => {
    const ev = parseEvent(line);
    if (!ev) {
      stdout.write(`${line}\n`);
      return;
    }
    switch (ev['type']) {
      case 'system':
        if (ev['subtype'] === 'init' && str(ev['model'])) stderr.write(`[init] model=${str(ev['model'])}\n`);
        // Beyond the original: a failing API (a wrong key, no network) is otherwise minutes of silence.
        if (ev['subtype'] === 'api_retry') stderr.write(`${apiRetryLine(ev)}\n`);
        break;
      case 'assistant': {
        turn++;
        stderr.write(`\n--- Turn ${turn} ---\n`);
        const content = obj(ev['message'])['content'];
        for (const block of Array.isArray(content) ? content : []) {
          const b = obj(block);
          if (b['type'] === 'text' && str(b['text'])) stdout.write(`${str(b['text'])}\n`);
          if (b['type'] === 'tool_use') {
            const summary = claudeToolSummary(str(b['name']), b['input']);
            stderr.write(summary ? `[tool] ${str(b['name'])}: ${summary}\n` : `[tool] ${str(b['name'])}\n`);
          }
        }
        break;
      }
      case 'result': {
        const failed = ev['is_error'] === true;
        const cost = num(ev['total_cost_usd']).toFixed(4);
        stderr.write(
          `\n[result] ${failed ? 'error' : 'completed'} (${num(ev['num_turns'])} turns, $${cost})\n`,
        );
        if (failed && str(ev['result'])) stdout.write(`${str(ev['result'])}\n`);
        break;
      }
      default:
        break;
    }
  };
}
