/**
 * gemini `--output-format stream-json`. The CLI streams assistant text as
 * `delta` chunks, so a turn starts at the first assistant message after
 * anything else (init, tool use/result, a user message) and chunks are written
 * as they come; the line is closed before the next status line.
 */
import { obj, num, parseEvent, str, type LineFormatter, type LogStreams } from './formatter.js';
import { toolInputSummary } from './summary.js';

const SUMMARY_FIELDS: Record<string, string[]> = {
  Bash: ['command'],
  Shell: ['command'],
  run_shell_command: ['command'],
  ReadFile: ['file_path', 'path'],
  read_file: ['file_path', 'path'],
  WriteFile: ['file_path', 'path'],
  write_file: ['file_path', 'path'],
  EditFile: ['file_path', 'path'],
  replace: ['file_path', 'path'],
  Glob: ['pattern'],
  glob: ['pattern'],
  Grep: ['pattern'],
  search_file_content: ['pattern'],
  WebFetch: ['url'],
  web_fetch: ['url', 'prompt'],
  WebSearch: ['query'],
  google_web_search: ['query'],
};

export function geminiToolSummary(tool: string, params: unknown): string {
  return toolInputSummary(params, SUMMARY_FIELDS, tool);
}

/** Token counts: this CLI's `input_tokens`, or the original's `totalInputTokens` names. */
function tokens(stats: Record<string, unknown>, snake: string, camel: string): number {
  return typeof stats[snake] === 'number' ? num(stats[snake]) : num(stats[camel]);
}

export function geminiFormatter({ stdout, stderr }: LogStreams): LineFormatter {
  let turn = 0;
  let inAssistant = false;
  let openLine = false;
  const closeLine = (): void => {
    if (openLine) stdout.write('\n');
    openLine = false;
  };
  return (line) => {
    const ev = parseEvent(line);
    if (!ev) {
      closeLine();
      stdout.write(`${line}\n`);
      return;
    }
    const type = ev['type'];
    if (type === 'message' && ev['role'] === 'assistant') {
      const content = str(ev['content']);
      if (!inAssistant || ev['delta'] !== true) {
        closeLine();
        turn++;
        stderr.write(`\n--- Turn ${turn} ---\n`);
        inAssistant = true;
      }
      if (content) {
        stdout.write(content);
        openLine = !content.endsWith('\n');
      }
      return;
    }
    closeLine();
    inAssistant = false;
    switch (type) {
      case 'init':
        if (str(ev['model'])) stderr.write(`[init] model=${str(ev['model'])}\n`);
        break;
      case 'tool_use': {
        const name = str(ev['tool_name']);
        const summary = geminiToolSummary(name, ev['parameters']);
        stderr.write(summary ? `[tool] ${name}: ${summary}\n` : `[tool] ${name}\n`);
        break;
      }
      case 'result': {
        const status = ev['status'] === 'error' || ev['error'] ? 'error' : 'completed';
        const stats = ev['stats'];
        const s = obj(stats);
        const usage =
          stats && typeof stats === 'object'
            ? ` (input=${tokens(s, 'input_tokens', 'totalInputTokens')}, output=${tokens(s, 'output_tokens', 'totalOutputTokens')})`
            : '';
        stderr.write(`\n[result] ${status}${usage}\n`);
        // Like claude-code's error result: the reason goes to stdout (not in the original gemini printer).
        const reason = str(obj(ev['error'])['message']);
        if (status === 'error' && reason) stdout.write(`${reason}\n`);
        break;
      }
      default:
        break;
    }
  };
}
