/**
 * Splits a stream of text chunks into lines for a handler that may ask for a
 * pause: when `onLine` returns a promise, the source is paused until it
 * settles and the lines after it wait, in order. `onDone` runs once the
 * source ended and every complete line was handled; a throwing or rejecting
 * `onLine` stops everything and goes to `onError`.
 */
export interface LineFeederOptions {
  onLine: (line: string) => void | Promise<void>;
  pause: () => void;
  resume: () => void;
  onDone: () => void;
  onError: (err: Error) => void;
}

export interface LineFeeder {
  push(chunk: string): void;
  end(): void;
}

export function createLineFeeder(o: LineFeederOptions): LineFeeder {
  let buffered = '';
  let waiting = false;
  let ended = false;
  let finished = false;
  const fail = (err: unknown) => {
    if (finished) return;
    finished = true;
    o.onError(err instanceof Error ? err : new Error(String(err)));
  };
  const drain = () => {
    while (!waiting && !finished) {
      const nl = buffered.indexOf('\n');
      if (nl < 0) break;
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line) continue;
      let result: void | Promise<void>;
      try {
        result = o.onLine(line);
      } catch (err) {
        return fail(err);
      }
      if (result instanceof Promise) {
        waiting = true;
        o.pause();
        result.then(() => {
          waiting = false;
          o.resume();
          drain();
        }, fail);
      }
    }
    if (ended && !waiting && !finished) {
      finished = true;
      o.onDone();
    }
  };
  return {
    push: (chunk) => {
      buffered += chunk;
      drain();
    },
    end: () => {
      ended = true;
      drain();
    },
  };
}
