/**
 * Reads the Knative manifests in knative/ (every *.yaml / *.yml, as
 * `kubectl apply -f knative/` does) into typed groups: the local event plane
 * and the manifest checker both start from here, so nothing is hard-coded.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
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

export function parseManifestFiles(files: { path: string; text: string }[]): ManifestDoc[] {
  const docs: ManifestDoc[] = [];
  for (const { path, text } of files) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      const obj = value as Partial<ManifestDoc>;
      if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
        throw new Error(`${path}: a document lacks apiVersion, kind or metadata.name`);
      }
      docs.push({ ...(obj as ManifestDoc), file: path });
    }
  }
  return docs;
}

export async function readManifestDir(dir: string): Promise<ManifestDoc[]> {
  const names = (await readdir(dir)).filter((n) => /\.(ya?ml)$/.test(n)).sort();
  const files = await Promise.all(
    names.map(async (n) => ({ path: join(dir, n), text: await readFile(join(dir, n), 'utf8') })),
  );
  return parseManifestFiles(files);
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
