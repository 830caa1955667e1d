/** Gemini API answers (generateContent JSON, streamGenerateContent SSE) for the scripted model server. */
import type { ScriptStep, Usage } from './model-server-script.js';

interface GenerateRequest {
  contents?: Array<{ role?: string }>;
  tools?: Array<{ functionDeclarations?: Array<{ name?: string }> }>;
  generationConfig?: {
    responseJsonSchema?: { properties?: Record<string, unknown> };
    responseSchema?: { properties?: Record<string, unknown> };
  };
}

export function geminiTurns(body: GenerateRequest): number {
  return (body.contents ?? []).filter((c) => c.role === 'model').length;
}

export function geminiHasShell(body: GenerateRequest): boolean {
  return (body.tools ?? []).some((t) =>
    (t.functionDeclarations ?? []).some((f) => f.name === 'run_shell_command'),
  );
}

export function geminiError(step: Extract<ScriptStep, { kind: 'error' }>): { status: number; body: unknown } {
  const status = step.status ?? 400;
  return { status, body: { error: { code: status, message: step.message, status: 'INVALID_ARGUMENT' } } };
}

function partFor(step: ScriptStep): object {
  if (step.kind === 'shell') {
    return {
      functionCall: {
        name: 'run_shell_command',
        args: { command: step.command, description: step.description ?? 'Run the scripted command' },
      },
    };
  }
  return { text: step.kind === 'text' ? step.text : '' };
}

function candidate(part: object, model: string, usage: Usage): object {
  return {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: usage.input,
      candidatesTokenCount: usage.output,
      totalTokenCount: usage.input + usage.output,
    },
    modelVersion: model,
  };
}

export function geminiStreamEvents(opts: { step: ScriptStep; model: string; usage: Usage }): string[] {
  return [`data: ${JSON.stringify(candidate(partFor(opts.step), opts.model, opts.usage))}\r\n\r\n`];
}

/**
 * Helper calls (routing, next-speaker checks) ask for JSON of a given schema: fill its
 * properties so the CLI goes on (the next speaker is the user, so the turn ends).
 */
export function geminiSideAnswer(body: GenerateRequest, model: string, usage: Usage): object {
  const schema = body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema;
  const props = Object.keys(schema?.properties ?? {});
  let text = 'Scripted answer.';
  if (props.length > 0) {
    const known: Record<string, string> = {
      next_speaker: 'user',
      model_choice: 'flash',
      reasoning: 'scripted',
    };
    text = JSON.stringify(Object.fromEntries(props.map((p) => [p, known[p] ?? 'scripted'])));
  }
  return candidate({ text }, model, usage);
}
