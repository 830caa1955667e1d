/**
 * Shrinking a failing storm: the schedule of a shorter run is a prefix of a
 * longer one's (plan.ts), so the shortest failing run is found by bisecting
 * the number of events between a length known to pass (0) and one known to
 * fail. Thread timing does not replay exactly, so "passes" only means "did
 * not fail this time": the result is the shortest prefix seen failing, and
 * every failing length is kept with its report for the replay command.
 */
export interface ShrinkTry {
  events: number;
  failed: boolean;
}

export interface ShrinkResult {
  /** The shortest number of events seen failing. */
  shortest: number;
  tries: ShrinkTry[];
}

/**
 * `failing`: a length that failed; `fails(n)`: runs the first n events and
 * says whether they failed. Stops once the bracket is narrower than
 * `resolution` (at least 1) events.
 */
export async function shrinkPrefix(
  failing: number,
  fails: (events: number) => Promise<boolean>,
  resolution = Math.max(5, Math.ceil(failing / 40)),
): Promise<ShrinkResult> {
  let bad = failing;
  let good = 0;
  const tries: ShrinkTry[] = [];
  while (bad - good > Math.max(1, resolution)) {
    const mid = Math.floor((good + bad) / 2);
    const failed = await fails(mid);
    tries.push({ events: mid, failed });
    if (failed) bad = mid;
    else good = mid;
  }
  return { shortest: bad, tries };
}

export interface RunOutcome {
  ok: boolean;
  report: string;
  failingPrefix?: number;
}

export interface ShrunkFailure extends ShrinkResult {
  /** The report of the run at `shortest` events. */
  report: string;
}

/**
 * From a failed run of `events` events: replays the prefix up to its first
 * violation (when shorter), then bisects below the shortest length seen
 * failing. `run(n)` runs the first n events of the same seed.
 */
export async function shrinkFailure(
  events: number,
  failed: RunOutcome,
  run: (events: number) => Promise<RunOutcome>,
  onTry: (events: number, outcome: RunOutcome) => void = () => {},
  resolution?: number,
): Promise<ShrunkFailure> {
  const reports = new Map<number, string>([[events, failed.report]]);
  const attempt = async (n: number): Promise<boolean> => {
    const r = await run(n);
    onTry(n, r);
    if (!r.ok) reports.set(n, r.report);
    return !r.ok;
  };
  let start = events;
  const tries: ShrinkTry[] = [];
  const prefix = failed.failingPrefix;
  if (prefix !== undefined && prefix < events) {
    const f = await attempt(prefix);
    tries.push({ events: prefix, failed: f });
    if (f) start = prefix;
  }
  const r = await shrinkPrefix(start, attempt, resolution);
  return { shortest: r.shortest, tries: [...tries, ...r.tries], report: reports.get(r.shortest) ?? '' };
}
