/** OpenAI Responses API answers (SSE) for the scripted model server. */
import type { ScriptStep, Usage } from './model-server-script.js';

interface ResponsesRequest {
  model?: string;
  input?: Array<{ type?: string; role?: string }>;
  tools?: Array<{ name?: string; type?: string }>;
}

/** Assistant turns so far: every function call and every assistant message in the input. */
export function openaiTurns(body: ResponsesRequest): number {
  const items = Array.isArray(body.input) ? body.input : [];
  return items.filter(
    (i) =>
      i.type === 'function_call' ||
      (i.type === 'message' && i.role === 'assistant') ||
      (i.type === undefined && i.role === 'assistant'),
  ).length;
}

export function openaiHasShell(body: ResponsesRequest): boolean {
  return (body.tools ?? []).some((t) => t.name === 'exec_command' || t.name === 'shell');
}

export function openaiError(step: Extract<ScriptStep, { kind: 'error' }>): { status: number; body: unknown } {
  return {
    status: step.status ?? 400,
    body: {
      error: { message: step.message, type: 'invalid_request_error', param: null, code: 'scripted_failure' },
    },
  };
}

function itemFor(step: ScriptStep, n: number): Record<string, unknown> {
  if (step.kind === 'shell') {
    const args = JSON.stringify({ cmd: step.command, login: false });
    return {
      type: 'function_call',
      id: `fc_scripted_${n}`,
      call_id: `call_scripted_${n}`,
      name: 'exec_command',
      arguments: args,
      status: 'completed',
    };
  }
  const text = step.kind === 'text' ? step.text : '';
  return {
    type: 'message',
    id: `msg_scripted_${n}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

export function openaiEvents(opts: { step: ScriptStep; model: string; usage: Usage; n: number }): string[] {
  const item = itemFor(opts.step, opts.n);
  const id = `resp_scripted_${opts.n}`;
  const ev = (type: string, data: object): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: opts.model };
  const delta =
    item['type'] === 'function_call'
      ? ev('response.function_call_arguments.delta', {
          item_id: item['id'],
          output_index: 0,
          delta: item['arguments'],
        })
      : ev('response.output_text.delta', {
          item_id: item['id'],
          output_index: 0,
          content_index: 0,
          delta: opts.step.kind === 'text' ? opts.step.text : '',
        });
  const added =
    item['type'] === 'function_call'
      ? { ...item, arguments: '', status: 'in_progress' }
      : { ...item, content: [], status: 'in_progress' };
  const usage = {
    input_tokens: opts.usage.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: opts.usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: opts.usage.input + opts.usage.output,
  };
  return [
    ev('response.created', { response: { ...base, status: 'in_progress', output: [] } }),
    ev('response.output_item.added', { output_index: 0, item: added }),
    delta,
    ev('response.output_item.done', { output_index: 0, item }),
    ev('response.completed', { response: { ...base, status: 'completed', output: [item], usage } }),
  ];
}
