/**
 * A counting gate: at most `limit` tasks run at once. Waiting tasks are queued
 * per key (the broker's key is the Trigger) and a freed slot goes to the keys
 * in turn, FIFO within a key: a burst of one kind of event (1,000 Task adds
 * for resolve-dependencies) does not hold back every other Trigger's
 * deliveries (launch-pod's admitted events) behind it, as a real broker
 * dispatches each Trigger on its own. The broker holds a slot only while an
 * HTTP attempt is on the wire, not while it sleeps between retries, so
 * retrying subscribers do not starve the others.
 */
export interface Gate {
  run<T>(task: () => Promise<T>, key?: string): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

export function createGate(limit: number): Gate {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`gate limit must be a positive integer, got ${limit}`);
  let active = 0;
  let waiting = 0;
  // Insertion order of a Map is the round-robin order; a key served goes to the back.
  const queues = new Map<string, (() => void)[]>();
  const release = () => {
    active--;
    const next = queues.entries().next();
    if (next.done) return;
    const [key, queue] = next.value;
    const wake = queue.shift()!;
    queues.delete(key);
    if (queue.length > 0) queues.set(key, queue);
    waiting--;
    active++;
    wake();
  };
  return {
    run: async <T>(task: () => Promise<T>, key = '') => {
      if (active < limit) active++;
      else {
        waiting++;
        await new Promise<void>((resolve) => {
          const queue = queues.get(key);
          if (queue) queue.push(resolve);
          else queues.set(key, [resolve]);
        });
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiting;
    },
  };
}
