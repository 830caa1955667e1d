/**
 * Resolving Knative destinations locally, and what a SinkBinding injects:
 * a Broker ref becomes the plane's ingress URL for that broker, a Knative
 * Service ref the URL of the local process running it, a uri stays a uri.
 */
import { matchesSelector } from './label-selector.js';
import type { Destination, ManifestDoc, SinkBindingSpec } from './manifests.js';

export interface LocalAddresses {
  ingressBaseUrl: string;
  services: ReadonlyMap<string, string>;
}

export function resolveDestination(
  destination: Destination,
  namespace: string,
  where: LocalAddresses,
): string | undefined {
  const ref = destination.ref;
  if (!ref) return destination.uri;
  const group = (ref.apiVersion ?? '').split('/')[0];
  if (ref.kind === 'Broker' && group === 'eventing.knative.dev')
    return `${where.ingressBaseUrl}/${ref.namespace ?? namespace}/${ref.name}`;
  if (ref.kind === 'Service' && group === 'serving.knative.dev') return where.services.get(ref.name);
  return undefined;
}

/** SinkBindings whose subject is the given Knative Service (by name or label selector). */
export function bindingsFor(
  service: ManifestDoc,
  bindings: ManifestDoc<SinkBindingSpec>[],
): ManifestDoc<SinkBindingSpec>[] {
  return bindings.filter((b) => {
    const subject = b.spec?.subject;
    if (!subject || subject.kind !== service.kind || subject.apiVersion !== service.apiVersion) return false;
    if ((subject.namespace ?? b.metadata.namespace) !== service.metadata.namespace) return false;
    if (subject.name) return subject.name === service.metadata.name;
    return subject.selector ? matchesSelector(subject.selector, service.metadata.labels) : false;
  });
}

/** The environment a SinkBinding gives its subject: K_SINK (and K_CE_OVERRIDES when set). */
export function sinkBindingEnv(
  binding: ManifestDoc<SinkBindingSpec>,
  where: LocalAddresses,
): Record<string, string> {
  const spec = binding.spec as SinkBindingSpec & { ceOverrides?: unknown };
  const sink = resolveDestination(spec.sink, binding.metadata.namespace ?? 'default', where);
  if (!sink) throw new Error(`SinkBinding ${binding.metadata.name}: its sink does not resolve locally`);
  return { K_SINK: sink, ...(spec.ceOverrides ? { K_CE_OVERRIDES: JSON.stringify(spec.ceOverrides) } : {}) };
}
