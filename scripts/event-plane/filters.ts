/**
 * Trigger filter matching, as Knative Eventing's broker does it:
 * - `spec.filters` (the SQL-ish subscriptions API): every entry must match;
 *   each entry uses one dialect (exact, prefix, suffix, all, any, not, cesql).
 *   A missing attribute never matches exact/prefix/suffix.
 * - the legacy `spec.filter.attributes`: exact values, "" meaning "any value".
 * When both are set, `filters` wins (as with Knative's new-trigger-filters).
 * cesql is evaluated by the subset in cesql.ts.
 */
import { matchCesql, parseCesql } from './cesql.js';
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

const compareBy: Record<'exact' | 'prefix' | 'suffix', Compare> = {
  exact: (a, e) => a === e,
  prefix: (a, e) => a.startsWith(e),
  suffix: (a, e) => a.endsWith(e),
};

function matchMap(event: PlaneEvent, map: Record<string, string>, compare: Compare): boolean {
  return Object.entries(map).every(([name, expected]) => {
    const actual = attribute(event, name);
    return actual !== undefined && compare(actual, expected);
  });
}

/** Matches one filter entry; its first non-empty dialect decides (Knative's order). */
export function matchFilter(filter: SubscriptionsApiFilter, event: PlaneEvent): boolean {
  for (const dialect of ['exact', 'prefix', 'suffix'] as const) {
    const map = filter[dialect];
    if (map && Object.keys(map).length > 0) return matchMap(event, map, compareBy[dialect]);
  }
  if (filter.all && filter.all.length > 0) return filter.all.every((f) => matchFilter(f, event));
  if (filter.any && filter.any.length > 0) return filter.any.some((f) => matchFilter(f, event));
  if (filter.not) return !matchFilter(filter.not, event);
  if (filter.cesql) return matchCesql(filter.cesql, event);
  return true;
}

export function matchTrigger(spec: TriggerFilterSpec, event: PlaneEvent): boolean {
  if (spec.filters && spec.filters.length > 0) return spec.filters.every((f) => matchFilter(f, event));
  const attributes = spec.filter?.attributes ?? {};
  return Object.entries(attributes).every(
    ([name, expected]) => expected === '' || attribute(event, name) === expected,
  );
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
