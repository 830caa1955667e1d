/** Anthropic Messages API answers (SSE or JSON) for the scripted model server. */
import type { ScriptStep, Usage } from './model-server-script.js';

interface MessagesRequest {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role?: string }>;
  tools?: Array<{ name?: string }>;
}

export function anthropicTurns(body: MessagesRequest): number {
  return (body.messages ?? []).filter((m) => m.role === 'assistant').length;
}

/** The shell tool the client offers: `Bash` for Claude Code, `bash` for OpenCode. */
export function anthropicShellTool(body: MessagesRequest): string | undefined {
  return (body.tools ?? []).map((t) => t.name ?? '').find((n) => n.toLowerCase() === 'bash');
}

export function anthropicError(step: Extract<ScriptStep, { kind: 'error' }>): {
  status: number;
  body: unknown;
} {
  return {
    status: step.status ?? 400,
    body: { type: 'error', error: { type: 'invalid_request_error', message: step.message } },
  };
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

function blockFor(step: ScriptStep, tool: string, n: number): Block {
  if (step.kind === 'shell') {
    const input = { command: step.command, description: step.description ?? 'Run the scripted command' };
    return { type: 'tool_use', id: `toolu_scripted_${n}`, name: tool, input };
  }
  return { type: 'text', text: step.kind === 'text' ? step.text : '' };
}

/** The SSE events of one assistant message. */
export function anthropicEvents(opts: {
  step: ScriptStep;
  tool: string;
  model: string;
  usage: Usage;
  n: number;
}): string[] {
  const block = blockFor(opts.step, opts.tool, opts.n);
  const stop = block.type === 'tool_use' ? 'tool_use' : 'end_turn';
  const ev = (type: string, data: object): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta =
    block.type === 'tool_use'
      ? { type: 'input_json_delta', partial_json: JSON.stringify(block.input) }
      : { type: 'text_delta', text: block.text };
  return [
    ev('message_start', {
      message: {
        id: `msg_scripted_${opts.n}`,
        type: 'message',
        role: 'assistant',
        model: opts.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: opts.usage.input, output_tokens: 1 },
      },
    }),
    ev('content_block_start', { index: 0, content_block: start }),
    ev('content_block_delta', { index: 0, delta }),
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: opts.usage.output },
    }),
    ev('message_stop', {}),
  ];
}

/** The non-streaming form of the same message. */
export function anthropicMessage(opts: {
  step: ScriptStep;
  tool: string;
  model: string;
  usage: Usage;
  n: number;
}): object {
  const block = blockFor(opts.step, opts.tool, opts.n);
  return {
    id: `msg_scripted_${opts.n}`,
    type: 'message',
    role: 'assistant',
    model: opts.model,
    content: [block],
    stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: opts.usage.input, output_tokens: opts.usage.output },
  };
}
