/**
 * The express error handler of github-source's webhook receiver. Body-parser
 * failures (too large, bad encoding, a body cut short) carry a 4xx `status`
 * and are the client's fault: that status with a JSON reason, no stack,
 * logged once at warn level. Anything else is answered 503 so the sender may
 * retry, and logged at error level.
 */
import type express from 'express';
import type { Logger } from './contract.js';

export function requestErrorHandler(log: Logger): express.ErrorRequestHandler {
  return (err: { status?: number; message?: string; type?: string }, req, res, _next) => {
    const clientFault = !!err.status && err.status >= 400 && err.status < 500;
    const status = clientFault ? (err.status as number) : 503;
    const message = err.message ?? 'request failed';
    const meta = { status, error: message, path: req.path, ...(err.type ? { kind: err.type } : {}) };
    if (clientFault) log.warn('rejected unreadable request', meta);
    else log.error('request failed before handling', meta);
    res.status(status).json({ error: message });
  };
}
