/**
 * Turns an incoming CloudEvent into the one FunctionRequest a handler sees.
 * Pure: no I/O, no clock except the injected one. Returns undefined for a
 * well-formed event of a type no function consumes (answered 204); throws
 * ValidationError for data that is not what its type claims (answered 400).
 */
import type { KubeObject } from '../api/kube-types.js';
import type { FunctionRequest, GitHubRequest, ObjectRequest } from './contract.js';
import { dataAsObject, optionalString } from './event-data.js';
import { decodeKelosEvent } from './decode-kelos-event.js';
import { ValidationError } from './errors.js';

/** The attributes of a CloudEvent the decoder reads; extensions sit beside them (SDK shape). */
export interface IncomingEvent {
  id: string;
  type: string;
  source: string;
  subject?: string | undefined;
  time?: string | undefined;
  data?: unknown;
  [extension: string]: unknown;
}

const APISERVER = /^dev\.knative\.apiserver\.(ref|resource)\.(add|update|delete)$/;
export const PING_TYPE = 'dev.knative.sources.ping';
const GITHUB_ADAPTER = 'com.github.';
const GITHUB_SOURCE = 'dev.knative.source.github.';

export function decodeEvent(
  event: IncomingEvent,
  now: () => Date = () => new Date(),
): FunctionRequest | undefined {
  const api = APISERVER.exec(event.type);
  if (api) {
    const verb = api[2] as 'add' | 'update' | 'delete';
    return api[1] === 'ref' ? decodeRef(event, verb) : decodeResource(event, verb);
  }
  if (event.type === PING_TYPE) {
    return {
      type: 'resync',
      eventId: event.id,
      eventType: event.type,
      time: event.time ?? now().toISOString(),
    };
  }
  if (event.type.startsWith(GITHUB_ADAPTER)) return decodeGitHubAdapter(event);
  if (event.type.startsWith(GITHUB_SOURCE)) return decodeGitHubSource(event);
  if (event.type.startsWith('dev.kelos.')) return decodeKelosEvent(event);
  return undefined;
}

/** Reference mode: data is {apiVersion, kind, namespace, name}; the extensions say the same. */
function decodeRef(event: IncomingEvent, verb: ObjectRequest['verb'] & string): ObjectRequest {
  const data = dataAsObject(event.data, event.type) ?? {};
  // Data wins over extensions: with `owner.asController` data names the controller, not the object.
  const apiVersion = optionalString(data.apiVersion) ?? optionalString(event.apiversion);
  const kind = optionalString(data.kind) ?? optionalString(event.kind);
  const name = optionalString(data.name) ?? optionalString(event.name);
  const namespace = optionalString(data.namespace) ?? optionalString(event.namespace) ?? '';
  const missing = [!apiVersion && 'apiVersion', !kind && 'kind', !name && 'name'].filter(
    (m): m is string => !!m,
  );
  if (missing.length > 0 || !apiVersion || !kind || !name) {
    throw new ValidationError(`${event.type}: reference lacks ${missing.join(', ')}`, { details: missing });
  }
  return {
    type: 'object',
    eventId: event.id,
    eventType: event.type,
    apiVersion,
    kind,
    namespace,
    name,
    verb,
  };
}

/** Resource mode: data is the object itself (a hint only; handlers re-read it). */
function decodeResource(event: IncomingEvent, verb: ObjectRequest['verb'] & string): ObjectRequest {
  const data = dataAsObject(event.data, event.type);
  const meta = data?.metadata as Record<string, unknown> | undefined;
  const apiVersion = optionalString(data?.apiVersion);
  const kind = optionalString(data?.kind);
  const name = optionalString(meta?.name);
  if (!data || !apiVersion || !kind || !name) {
    throw new ValidationError(
      `${event.type}: data is not a Kubernetes object (needs apiVersion, kind, metadata.name)`,
    );
  }
  const claimed = optionalString(event.kind);
  if (claimed && claimed !== kind) {
    throw new ValidationError(`${event.type}: data is a ${kind} but the event claims kind ${claimed}`);
  }
  return {
    type: 'object',
    eventId: event.id,
    eventType: event.type,
    apiVersion,
    kind,
    namespace: optionalString(meta?.namespace) ?? '',
    name,
    verb,
    hint: data as KubeObject,
  };
}

/** `com.github.<event>[.<action>]`; `com.github.issue.*` is GitHub's `issues` event. */
function decodeGitHubAdapter(event: IncomingEvent): GitHubRequest {
  const rest = event.type.slice(GITHUB_ADAPTER.length);
  const [first = '', ...actionParts] = rest.split('.');
  const name = first === 'issue' ? 'issues' : first;
  return githubRequest(event, name, actionParts.join('.') || undefined);
}

/** `dev.knative.source.github.<event>` from Knative's GitHubSource; action in the `action` extension. */
function decodeGitHubSource(event: IncomingEvent): GitHubRequest {
  return githubRequest(event, event.type.slice(GITHUB_SOURCE.length), optionalString(event.action));
}

function githubRequest(event: IncomingEvent, name: string, action: string | undefined): GitHubRequest {
  if (!/^[a-z0-9_]+$/.test(name)) throw new ValidationError(`${event.type}: not a GitHub event name`);
  const payload = dataAsObject(event.data, event.type);
  if (!payload) throw new ValidationError(`${event.type}: no webhook payload in data`);
  const act = action ?? optionalString(payload.action);
  const request: GitHubRequest = {
    type: 'github',
    eventId: event.id,
    eventType: event.type,
    event: name,
    payload,
  };
  if (act) request.action = act;
  return request;
}
