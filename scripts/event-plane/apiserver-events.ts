/**
 * The CloudEvents an ApiServerSource sends for a watched object, shaped as
 * Knative Eventing's adapter shapes them (pkg/adapter/apiserver/events):
 * type dev.knative.apiserver.{ref,resource}.{add,update,delete}, source = the
 * API server URL, subject = a selfLink-like path with a guessed plural,
 * extensions kind/apiversion/name/namespace, data = an ObjectReference
 * (Reference mode) or the whole object (Resource mode).
 */
import { randomUUID } from 'node:crypto';
import type { PlaneEvent } from './cloud-event.js';

export type WatchVerb = 'add' | 'update' | 'delete';
export type SourceMode = 'Reference' | 'Resource';

export interface WatchedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  [key: string]: unknown;
}

/** Kubernetes' UnsafeGuessKindToResource: Task → tasks, Policy → policies, Ingress → ingresses. */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === 'endpoints') return lower;
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function selfLinkSubject(apiVersion: string, kind: string, namespace: string, name: string): string {
  const version =
    apiVersion.includes('.') && !apiVersion.includes('/') ? `${apiVersion}/versionUnknown` : apiVersion;
  return `/apis/${version}/namespaces/${namespace}/${guessPlural(kind)}/${name}`;
}

export interface ApiServerEventInput {
  mode: SourceMode;
  verb: WatchVerb;
  object: WatchedObject;
  /** The API server URL the source watches (Knative uses the REST config host). */
  source: string;
  id?: string;
  time?: Date;
}

export function apiServerEvent(input: ApiServerEventInput): PlaneEvent {
  const { object } = input;
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? '';
  const ref: Record<string, string> = { kind };
  if (namespace) ref.namespace = namespace;
  ref.name = name;
  ref.apiVersion = apiVersion;
  const modeWord = input.mode === 'Reference' ? 'ref' : 'resource';
  return {
    attributes: {
      specversion: '1.0',
      id: input.id ?? randomUUID(),
      type: `dev.knative.apiserver.${modeWord}.${input.verb}`,
      source: input.source,
      subject: selfLinkSubject(apiVersion, kind, namespace, name),
      time: (input.time ?? new Date()).toISOString(),
      datacontenttype: 'application/json',
      kind,
      apiversion: apiVersion,
      name,
      namespace,
    },
    data: input.mode === 'Reference' ? ref : object,
  };
}
