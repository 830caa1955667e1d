/**
 * The contract between the function runtime and each function: the runtime
 * decodes every incoming CloudEvent into one FunctionRequest and calls the
 * function's handler with its dependencies. Handlers are level-triggered: a
 * request only says where to look; the handler re-reads state from the API.
 */
import type { KubeObject } from '../api/kube-types.js';
import type { KubePort } from '../k8s/port.js';
import type { KelosMetrics } from '../metrics/kelos-metrics.js';

/** "Look at this object": from ApiServerSource (Reference or Resource mode) or our own events. */
export interface ObjectRequest {
  type: 'object';
  eventId: string;
  eventType: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** add / update / delete when known from the source. */
  verb?: 'add' | 'update' | 'delete';
  /** Resource-mode payload: a hint only, never trusted over a fresh read. */
  hint?: KubeObject;
  /** The data of our own dev.kelos.* events (a summary of the object as written): a hint only. */
  summary?: Record<string, unknown>;
}

/** PingSource tick: sweep everything the function owns. */
export interface ResyncRequest {
  type: 'resync';
  eventId: string;
  eventType: string;
  time: string;
}

/** A GitHub webhook delivery, from github-source or a Knative GitHubSource. */
export interface GitHubRequest {
  type: 'github';
  eventId: string;
  eventType: string;
  /** GitHub event name, e.g. `issues`, `issue_comment`, `pull_request`. */
  event: string;
  action?: string;
  payload: Record<string, unknown>;
}

export type FunctionRequest = ObjectRequest | ResyncRequest | GitHubRequest;

/** A CloudEvent a function emits (SPEC.md §2): dev.kelos.task.* and dev.kelos.taskspawner.spawned. */
export interface OutgoingEvent {
  type: string;
  source: string;
  subject: string;
  data: Record<string, unknown>;
}

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
  child(meta: Record<string, unknown>): Logger;
}

export interface HandlerDeps<Config = Record<string, unknown>> {
  kube: KubePort;
  log: Logger;
  now: () => Date;
  config: Config;
  /** Sends an event to K_SINK when configured; a no-op otherwise. Never throws. */
  emit: (event: OutgoingEvent) => Promise<void>;
  /** The §2.14 metrics of this process (served on GET /metrics). Always set by the runtime; optional so unit tests may omit it. */
  metrics?: KelosMetrics;
}

/**
 * What a handler returns. `ignored` → 204 (not for this function);
 * `handled` → 202. Errors are thrown as typed errors (runtime/errors.ts) and
 * mapped by the runtime: ValidationError 400, ConflictError 409, others 503.
 */
export type HandlerResult = 'handled' | 'ignored';

export type Handler<Config = Record<string, unknown>> = (
  request: FunctionRequest,
  deps: HandlerDeps<Config>,
) => Promise<HandlerResult>;
