/**
 * Trigger filter matching, as Knative Eventing's broker does it:
 * - `spec.filters` (the SQL-ish subscriptions API): every entry must match;
 *   each entry uses one dialect (exact, prefix, suffix, all, any, not, cesql).
 *   A missing attribute never matches exact/prefix/suffix.
 * - the legacy `spec.filter.attributes`: exact values, "" meaning "any value".
 * When both are set, `filters` wins (as with Knative's new-trigger-filters).
 * cesql is evaluated by the subset in cesql.ts.
 */
import { compileCesql, parseCesql } from './cesql.js';
import { attribute, type PlaneEvent } from './cloud-event.js';

export interface SubscriptionsApiFilter {
  exact?: Record<string, string>;
  prefix?: Record<string, string>;
  suffix?: Record<string, string>;
  all?: SubscriptionsApiFilter[];
  any?: SubscriptionsApiFilter[];
  not?: SubscriptionsApiFilter;
  cesql?: string;
}

export interface TriggerFilterSpec {
  filters?: SubscriptionsApiFilter[];
  filter?: { attributes?: Record<string, string> };
}

type Compare = (actual: string, expected: string) => boolean;

/** A filter or Trigger made into a function once: the broker asks every Trigger about every event. */
export type Matcher = (event: PlaneEvent) => boolean;

const compareBy: Record<'exact' | 'prefix' | 'suffix', Compare> = {
  exact: (a, e) => a === e,
  prefix: (a, e) => a.startsWith(e),
  suffix: (a, e) => a.endsWith(e),
};

const always: Matcher = () => true;

function compileMap(map: Record<string, string>, compare: Compare): Matcher {
  const entries = Object.entries(map);
  return (event) =>
    entries.every(([name, expected]) => {
      const actual = attribute(event, name);
      return actual !== undefined && compare(actual, expected);
    });
}

/** One filter entry; its first non-empty dialect decides (Knative's order). */
export function compileFilter(filter: SubscriptionsApiFilter): Matcher {
  for (const dialect of ['exact', 'prefix', 'suffix'] as const) {
    const map = filter[dialect];
    if (map && Object.keys(map).length > 0) return compileMap(map, compareBy[dialect]);
  }
  if (filter.all && filter.all.length > 0) {
    const all = filter.all.map(compileFilter);
    return (event) => all.every((m) => m(event));
  }
  if (filter.any && filter.any.length > 0) {
    const any = filter.any.map(compileFilter);
    return (event) => any.some((m) => m(event));
  }
  if (filter.not) {
    const not = compileFilter(filter.not);
    return (event) => !not(event);
  }
  if (filter.cesql) return compileCesql(filter.cesql);
  return always;
}

export function compileTrigger(spec: TriggerFilterSpec): Matcher {
  if (spec.filters && spec.filters.length > 0) {
    const entries = spec.filters.map(compileFilter);
    return (event) => entries.every((m) => m(event));
  }
  const attributes = Object.entries(spec.filter?.attributes ?? {});
  return (event) =>
    attributes.every(([name, expected]) => expected === '' || attribute(event, name) === expected);
}

export function matchFilter(filter: SubscriptionsApiFilter, event: PlaneEvent): boolean {
  return compileFilter(filter)(event);
}

export function matchTrigger(spec: TriggerFilterSpec, event: PlaneEvent): boolean {
  return compileTrigger(spec)(event);
}

/** Throws when a filter has a cesql expression that does not parse (Knative's webhook refuses those). */
export function assertLocallySupported(filters: SubscriptionsApiFilter[] | undefined, where: string): void {
  for (const f of filters ?? []) {
    if (f.cesql) {
      try {
        parseCesql(f.cesql);
      } catch (err) {
        throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
      }
    }
    assertLocallySupported([...(f.all ?? []), ...(f.any ?? []), ...(f.not ? [f.not] : [])], where);
  }
}
