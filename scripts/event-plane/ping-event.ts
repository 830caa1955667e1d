/**
 * The CloudEvent a PingSource sends on each tick (Knative's mtping adapter):
 * type dev.knative.sources.ping, source /apis/v1/namespaces/<ns>/pingsources/<name>,
 * data from spec.data (or spec.dataBase64) with spec.contentType, and any
 * ceOverrides extensions.
 */
import { randomUUID } from 'node:crypto';
import type { PlaneEvent } from './cloud-event.js';

export interface PingSourceSpec {
  schedule: string;
  timezone?: string;
  contentType?: string;
  data?: string;
  dataBase64?: string;
  ceOverrides?: { extensions?: Record<string, string> };
}

export const PING_EVENT_TYPE = 'dev.knative.sources.ping';

export function pingSourceUri(namespace: string, name: string): string {
  return `/apis/v1/namespaces/${namespace}/pingsources/${name}`;
}

export function pingEvent(
  ref: { namespace: string; name: string },
  spec: PingSourceSpec,
  now: Date,
  id: string = randomUUID(),
): PlaneEvent {
  const attributes: Record<string, string> = {
    ...(spec.ceOverrides?.extensions ?? {}),
    specversion: '1.0',
    id,
    type: PING_EVENT_TYPE,
    source: pingSourceUri(ref.namespace, ref.name),
    time: now.toISOString(),
  };
  const raw = spec.dataBase64 ? Buffer.from(spec.dataBase64, 'base64').toString('utf8') : spec.data;
  if (raw === undefined || raw === '') return { attributes };
  attributes.datacontenttype = spec.contentType ?? 'text/plain';
  return { attributes, data: attributes.datacontenttype.includes('json') ? parseJsonOr(raw) : raw };
}

function parseJsonOr(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
