/**
 * The one error every template failure becomes: a Go-template parse or
 * execution error, or a Liquid error. `message` is what a Task's status
 * quotes, so it names where the template failed and why, never the data.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Thrown by the Go-semantics helpers while executing; turned into a TemplateError by the renderer. */
export class GoExecError extends Error {
  override readonly name = 'GoExecError';
}
