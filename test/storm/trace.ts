/**
 * The storm's event trace: every step it took (as resolved at run time) and
 * every change its watch saw, in order, each tagged with the objects it
 * involves. A failure is shown as the part of the trace that involves the
 * violation's objects (and every fault step), up to the violation.
 */
export interface TraceEntry {
  at: number;
  /** Index of the last step taken when this was recorded. */
  step: number;
  text: string;
  subjects: string[];
  fault: boolean;
}

export interface Trace {
  entries: TraceEntry[];
  /** The index of the step being run (set by the driver). */
  step: number;
  note(text: string, subjects: string[], fault?: boolean): void;
  /** The entries up to `upTo` that involve any of `subjects`, or any fault step. */
  cut(subjects: readonly string[], upTo?: number): TraceEntry[];
}

export function createTrace(start = Date.now()): Trace {
  const entries: TraceEntry[] = [];
  const trace: Trace = {
    entries,
    step: -1,
    note: (text, subjects, fault = false) =>
      void entries.push({ at: Date.now() - start, step: trace.step, text, subjects, fault }),
    cut: (subjects, upTo = entries.length) => {
      const wanted = new Set(subjects);
      // Pull in the objects that appear next to a wanted one (a dependency, a branch's other holder).
      for (const e of entries.slice(0, upTo))
        if (e.subjects.some((s) => wanted.has(s)))
          for (const s of e.subjects) if (s.startsWith('branch:')) wanted.add(s);
      return entries.slice(0, upTo).filter((e) => e.fault || e.subjects.some((s) => wanted.has(s)));
    },
  };
  return trace;
}

export function formatEntry(e: TraceEntry): string {
  return `  [step ${String(e.step).padStart(5)} +${(e.at / 1000).toFixed(2)}s] ${e.text}`;
}
