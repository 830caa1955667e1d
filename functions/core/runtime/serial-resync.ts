/**
 * One resync sweep at a time per process. A tick that arrives while a sweep
 * runs waits for the next sweep, which starts when the running one ends and
 * serves every tick that arrived meanwhile: each tick is still answered by a
 * sweep that began after it arrived (so nothing that changed before the tick
 * is missed), but a sweep slower than the tick period (10,000 Tasks) no
 * longer piles up concurrent sweeps, each holding its own lists.
 */
import type { Handler, HandlerDeps, HandlerResult, ResyncRequest } from './contract.js';

export function serialResync<Config>(handle: Handler<Config>): Handler<Config> {
  let running: Promise<unknown> | undefined;
  let next: Promise<HandlerResult> | undefined;
  const start = (request: ResyncRequest, deps: HandlerDeps<Config>): Promise<HandlerResult> => {
    const sweep = handle(request, deps);
    running = sweep;
    const clear = () => {
      if (running === sweep) running = undefined;
    };
    sweep.then(clear, clear);
    return sweep;
  };
  return (request, deps) => {
    if (request.type !== 'resync') return handle(request, deps);
    if (!running) return start(request, deps);
    // Join the queued sweep, or queue one behind the running sweep (its outcome is not ours).
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return start(request, deps);
      });
    return next;
  };
}
