/**
 * The event plane's view of a CloudEvent: context attributes (lowercase
 * names, string values, extensions flattened beside the core ones) and the
 * data. Plain data so filters and shaping stay pure.
 */
export interface PlaneEvent {
  attributes: Record<string, string>;
  data?: unknown;
}

/** Looks an attribute up the way Knative's filters do: absent when unset or empty. */
export function attribute(event: PlaneEvent, name: string): string | undefined {
  const value = event.attributes[name];
  return value === undefined || value === '' ? undefined : value;
}
