/**
 * Builders for CloudEvents in the exact shapes the real sources send
 * (ApiServerSource Reference/Resource mode, PingSource, the CloudEvents GitHub
 * adapter convention, Knative GitHubSource, our own dev.kelos.*), and
 * `postEvent` to deliver one over HTTP in binary or structured mode.
 */
import { randomUUID } from 'node:crypto';

/** A CloudEvent as plain attributes + extensions + data. */
export interface TestCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
  [extension: string]: unknown;
}

export interface ObjectLike {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type Verb = 'add' | 'update' | 'delete';

/** ApiServerSource's `source`: the API server URL it watches. */
export const APISERVER_SOURCE = 'https://10.96.0.1:443';

/** The subject ApiServerSource computes (its self-link form: lower-cased kind + "s"). */
export function apiServerSubject(apiVersion: string, kind: string, namespace: string, name: string): string {
  const version =
    apiVersion.includes('.') && !apiVersion.includes('/') ? `${apiVersion}/versionUnknown` : apiVersion;
  return `/apis/${version}/namespaces/${namespace}/${kind.toLowerCase()}s/${name}`;
}

function apiServerEvent(
  mode: 'ref' | 'resource',
  verb: Verb,
  obj: ObjectLike,
  data: unknown,
): TestCloudEvent {
  const namespace = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  return {
    specversion: '1.0',
    id: randomUUID(), // ApiServerSource gives every emission a fresh random id
    type: `dev.knative.apiserver.${mode}.${verb}`,
    source: APISERVER_SOURCE,
    subject: apiServerSubject(obj.apiVersion, obj.kind, namespace, name),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
    kind: obj.kind,
    name,
    namespace,
    apiversion: obj.apiVersion,
  };
}

/** Reference mode: data is {apiVersion, kind, name, namespace}. */
export function apiServerRefEvent(verb: Verb, obj: ObjectLike): TestCloudEvent {
  const ref = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
  };
  return apiServerEvent('ref', verb, obj, ref);
}

/** Resource mode: data is the whole object. */
export function apiServerResourceEvent(verb: Verb, obj: ObjectLike): TestCloudEvent {
  return apiServerEvent('resource', verb, obj, obj);
}

/** A PingSource tick (source `/apis/v1/namespaces/<ns>/pingsources/<name>`). */
export function pingEvent(
  options: { namespace?: string; name?: string; data?: unknown } = {},
): TestCloudEvent {
  const event: TestCloudEvent = {
    specversion: '1.0',
    id: randomUUID(),
    type: 'dev.knative.sources.ping',
    source: `/apis/v1/namespaces/${options.namespace ?? 'kelos-system'}/pingsources/${options.name ?? 'kelos-resync'}`,
    time: new Date().toISOString(),
  };
  if (options.data !== undefined) {
    event.datacontenttype = 'application/json';
    event.data = options.data;
  }
  return event;
}

/** As github-source emits it: `com.github.<event>[.<action>]`, `issues` spelled `issue`. */
export function githubEvent(
  event: string,
  payload: Record<string, unknown>,
  options: { deliveryId?: string } = {},
): TestCloudEvent {
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const typeName = event === 'issues' ? 'issue' : event;
  const repo = payload.repository as { url?: string } | undefined;
  const number =
    (payload.issue as { number?: number } | undefined)?.number ??
    (payload.pull_request as { number?: number } | undefined)?.number;
  const ce: TestCloudEvent = {
    specversion: '1.0',
    id: options.deliveryId ?? randomUUID(),
    type: action ? `com.github.${typeName}.${action}` : `com.github.${typeName}`,
    source: repo?.url ?? 'https://api.github.com/repos/octo/repo',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: payload,
  };
  if (number !== undefined) ce.subject = String(number);
  return ce;
}

/** As Knative's GitHubSource sends it: `dev.knative.source.github.<event>`, action as an extension. */
export function knativeGitHubEvent(event: string, payload: Record<string, unknown>): TestCloudEvent {
  const repo = payload.repository as { html_url?: string } | undefined;
  const ce: TestCloudEvent = {
    specversion: '1.0',
    id: randomUUID(),
    type: `dev.knative.source.github.${event}`,
    source: repo?.html_url ?? 'https://github.com/octo/repo',
    datacontenttype: 'application/json',
    data: payload,
  };
  if (typeof payload.action === 'string') ce.action = payload.action;
  return ce;
}

/** Our own lifecycle events: `dev.kelos.task.succeeded` etc., source naming the object. */
export function kelosEvent(
  type: string,
  obj: ObjectLike,
  data: Record<string, unknown> = {},
): TestCloudEvent {
  const plural = `${obj.kind.toLowerCase()}s`;
  return {
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: `/apis/${obj.apiVersion}/namespaces/${obj.metadata.namespace ?? ''}/${plural}/${obj.metadata.name ?? ''}`,
    subject: obj.metadata.name ?? '',
    datacontenttype: 'application/json',
    data,
  };
}

export interface PostResult {
  status: number;
  body: string;
  headers: Headers;
}

/** Delivers an event like the Knative broker does, in binary (default) or structured mode. */
export async function postEvent(
  url: string,
  event: TestCloudEvent,
  mode: 'binary' | 'structured' = 'binary',
): Promise<PostResult> {
  const request = mode === 'binary' ? binaryRequest(event) : structuredRequest(event);
  const res = await fetch(url, { method: 'POST', ...request });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

export function binaryRequest(event: TestCloudEvent): { headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'data' || key === 'datacontenttype' || value === undefined) continue;
    headers[`ce-${key}`] = String(value);
  }
  if (event.data === undefined) return { headers };
  headers['content-type'] = event.datacontenttype ?? 'application/json';
  const body = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return { headers, body };
}

export function structuredRequest(event: TestCloudEvent): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    body: JSON.stringify(event),
  };
}
