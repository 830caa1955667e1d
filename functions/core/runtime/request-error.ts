/**
 * The express error handler of every function's HTTP face. Body-parser
 * failures (too large, bad encoding) carry a 4xx `status` and are the
 * client's fault: that status with a JSON reason, no stack. Anything else is
 * answered 503 so the sender may retry.
 */
import type express from 'express';

export const answerRequestError: express.ErrorRequestHandler = (
  err: { status?: number; message?: string },
  _req,
  res,
  _next,
) => {
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 503;
  res.status(status).json({ error: err.message ?? 'request failed' });
};
