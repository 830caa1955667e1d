/**
 * The script a test hands the local model server: one step per assistant turn.
 * Step n answers the request that already carries n assistant/model turns, so a
 * tool result coming back (a new request with the whole conversation) moves the
 * script on. Requests that offer no shell tool (titles, summaries, routing) are
 * side requests: answered with a short text and not counted.
 */
export type ScriptStep =
  | { kind: 'shell'; command: string; description?: string }
  | { kind: 'text'; text: string }
  | { kind: 'error'; status?: number; message: string };

export interface Usage {
  input: number;
  output: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Which API answered: anthropic, openai, gemini, or other. */
  api: string;
  model: string;
  /** True when the request was part of the scripted loop (not a side request). */
  scripted: boolean;
  step: number;
  body: unknown;
  /** The whole body as text, for `include` assertions on prompts and context. */
  text: string;
  /** The credential the client sent (x-api-key, x-goog-api-key or the bearer token). */
  apiKey: string;
}

export const FINAL_TEXT = 'Done: the scripted work is complete.';

/** The step for a request carrying `turns` assistant turns; past the end the model just finishes. */
export function stepAt(script: readonly ScriptStep[], turns: number): ScriptStep {
  return script[turns] ?? { kind: 'text', text: FINAL_TEXT };
}
