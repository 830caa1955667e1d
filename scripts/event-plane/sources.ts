/**
 * Running the event sources of knative/ locally: an ApiServerSource becomes
 * one list+watch loop per resource (same namespaces, same label selectors,
 * same CloudEvents); a PingSource becomes a timer on its schedule.
 */
import { apiServerEvent, guessPlural, type SourceMode } from './apiserver-events.js';
import type { PlaneEvent } from './cloud-event.js';
import type { KubeHttp } from './kube-http.js';
import { selectorQuery } from './label-selector.js';
import type { Topology } from './manifests.js';
import { startObjectWatcher, type ObjectWatcher, type WatcherLog } from './object-watcher.js';
import { pingEvent } from './ping-event.js';
import { schedulePing } from './ping-scheduler.js';

export interface ApiServerSourceRun {
  source: Topology['apiServerSources'][number];
  kube: KubeHttp;
  /** Publishes into the sink; a returned promise pauses the watch until it settles (backpressure). */
  publish: (event: PlaneEvent) => void | Promise<void>;
  log: WatcherLog;
  watchTimeoutSeconds?: number;
}

export function startApiServerSource(o: ApiServerSourceRun): ObjectWatcher[] {
  const { source: src } = o;
  const spec = src.spec!;
  const mode = (spec.mode ?? 'Reference') as SourceMode;
  const nsSel = spec.namespaceSelector;
  if (
    nsSel &&
    (Object.keys(nsSel.matchLabels ?? {}).length > 0 || (nsSel.matchExpressions ?? []).length > 0)
  ) {
    throw new Error(
      `ApiServerSource ${src.metadata.name}: a non-empty namespaceSelector is not supported locally`,
    );
  }
  return spec.resources.map((r) =>
    startObjectWatcher({
      http: o.kube,
      target: {
        apiVersion: r.apiVersion,
        plural: guessPlural(r.kind),
        // No selector: the source's own namespace; an empty one: every namespace (as Knative).
        ...(nsSel ? {} : { namespace: src.metadata.namespace ?? 'default' }),
        labelSelector: selectorQuery(r.selector),
      },
      onEvent: (verb, object) =>
        o.publish(
          apiServerEvent({
            mode,
            verb,
            source: o.kube.server,
            object: { ...object, apiVersion: object.apiVersion ?? r.apiVersion, kind: object.kind ?? r.kind },
          }),
        ),
      log: o.log,
      ...(o.watchTimeoutSeconds !== undefined ? { watchTimeoutSeconds: o.watchTimeoutSeconds } : {}),
    }),
  );
}

export function startPingSource(
  source: Topology['pingSources'][number],
  publish: (event: PlaneEvent) => void | Promise<void>,
  everySeconds: number | undefined,
): { stop(): void } {
  const spec = source.spec!;
  const ref = { namespace: source.metadata.namespace ?? 'default', name: source.metadata.name };
  return schedulePing({
    schedule: spec.schedule,
    ...(spec.timezone ? { timezone: spec.timezone } : {}),
    ...(everySeconds !== undefined ? { everySeconds } : {}),
    fire: (at) => void publish(pingEvent(ref, spec, at)),
  });
}
