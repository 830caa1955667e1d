/**
 * Stand-ins for the Knative CRDs when the real ones (../shared/knative-crds)
 * are absent, e.g. in a fresh clone: the six kinds `kelos install` checks
 * for, served as v1 with an open schema. Enough for tests that only need the
 * kinds to exist; tests that check the Knative schemas skip instead.
 */
const KINDS: { group: string; kind: string; plural: string }[] = [
  { group: 'serving.knative.dev', kind: 'Service', plural: 'services' },
  { group: 'eventing.knative.dev', kind: 'Broker', plural: 'brokers' },
  { group: 'eventing.knative.dev', kind: 'Trigger', plural: 'triggers' },
  { group: 'sources.knative.dev', kind: 'ApiServerSource', plural: 'apiserversources' },
  { group: 'sources.knative.dev', kind: 'PingSource', plural: 'pingsources' },
  { group: 'sources.knative.dev', kind: 'SinkBinding', plural: 'sinkbindings' },
];

/** The CRDs as one JSON List, for `kubectl apply -f -`. */
export function minimalKnativeCrds(): string {
  const items = KINDS.map(({ group, kind, plural }) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

export const MINIMAL_KNATIVE_CRD_NAMES = KINDS.map((k) => `${k.plural}.${k.group}`);
