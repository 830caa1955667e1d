/**
 * Reads the Knative manifests in knative/ (every *.yaml / *.yml, as
 * `kubectl apply -f knative/` does) into typed groups: the local event plane
 * and the manifest checker both start from here, so nothing is hard-coded.
 */
import { readManifestFiles } from '../../cli/install/manifests.js';
import type { DeliverySpec } from './delivery-policy.js';
import type { SubscriptionsApiFilter } from './filters.js';
import type { PingSourceSpec } from './ping-event.js';

export interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ManifestDoc<Spec = Record<string, unknown>> {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: Spec;
  /** File the document came from (for messages). */
  file: string;
}

export interface KReference {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
}
export interface Destination {
  ref?: KReference;
  uri?: string;
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface TriggerSpec {
  broker: string;
  filters?: SubscriptionsApiFilter[];
  filter?: { attributes?: Record<string, string> };
  subscriber: Destination;
  delivery?: DeliverySpec;
}
export interface ApiServerSourceSpec {
  mode?: string;
  serviceAccountName?: string;
  namespaceSelector?: LabelSelector;
  resources: { apiVersion: string; kind: string; selector?: LabelSelector }[];
  sink: Destination;
}
export interface SinkBindingSpec {
  subject: { apiVersion: string; kind: string; name?: string; namespace?: string; selector?: LabelSelector };
  sink: Destination;
}

export interface Topology {
  docs: ManifestDoc[];
  services: ManifestDoc[];
  brokers: ManifestDoc<{ delivery?: DeliverySpec }>[];
  triggers: ManifestDoc<TriggerSpec>[];
  apiServerSources: ManifestDoc<ApiServerSourceSpec>[];
  pingSources: ManifestDoc<PingSourceSpec & { sink: Destination }>[];
  sinkBindings: ManifestDoc<SinkBindingSpec>[];
}

/** The objects of knative/ (cli/install/manifests.ts reads them), each named and tagged with its file. */
export async function readManifestDir(dir: string): Promise<ManifestDoc[]> {
  const docs: ManifestDoc[] = [];
  for (const { file, objects } of await readManifestFiles(dir)) {
    for (const obj of objects) {
      if (!obj.metadata?.name) throw new Error(`${file}: a document lacks metadata.name`);
      docs.push({ ...(obj as unknown as ManifestDoc), file });
    }
  }
  return docs;
}

/** The documents of one group and kind; the spec type is what the CRD schema promises. */
function ofKind<Spec>(docs: ManifestDoc[], group: string, kind: string): ManifestDoc<Spec>[] {
  return docs.filter(
    (d) => d.apiVersion.startsWith(`${group}/`) && d.kind === kind,
  ) as unknown as ManifestDoc<Spec>[];
}

export function topology(docs: ManifestDoc[]): Topology {
  return {
    docs,
    services: ofKind(docs, 'serving.knative.dev', 'Service'),
    brokers: ofKind(docs, 'eventing.knative.dev', 'Broker'),
    triggers: ofKind(docs, 'eventing.knative.dev', 'Trigger'),
    apiServerSources: ofKind(docs, 'sources.knative.dev', 'ApiServerSource'),
    pingSources: ofKind(docs, 'sources.knative.dev', 'PingSource'),
    sinkBindings: ofKind(docs, 'sources.knative.dev', 'SinkBinding'),
  };
}

export async function loadTopology(dir: string): Promise<Topology> {
  return topology(await readManifestDir(dir));
}
