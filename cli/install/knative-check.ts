/** `kelos install` needs Knative Serving and Eventing: these CRDs must be served. */
import type { CliKube } from '../kube/client.js';

export const REQUIRED_KNATIVE_CRDS: ReadonlyArray<{ name: string; component: string }> = [
  { name: 'services.serving.knative.dev', component: 'Knative Serving' },
  { name: 'brokers.eventing.knative.dev', component: 'Knative Eventing' },
  { name: 'triggers.eventing.knative.dev', component: 'Knative Eventing' },
  { name: 'apiserversources.sources.knative.dev', component: 'Knative Eventing' },
  { name: 'pingsources.sources.knative.dev', component: 'Knative Eventing' },
  { name: 'sinkbindings.sources.knative.dev', component: 'Knative Eventing' },
];

export async function missingKnativeCrds(kube: CliKube): Promise<string[]> {
  const missing: string[] = [];
  for (const crd of REQUIRED_KNATIVE_CRDS) {
    const found = await kube.get({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: crd.name,
    });
    if (!found) missing.push(crd.name);
  }
  return missing;
}

export function knativeMissingMessage(missing: string[]): string {
  const components = [
    ...new Set(REQUIRED_KNATIVE_CRDS.filter((c) => missing.includes(c.name)).map((c) => c.component)),
  ];
  return (
    `${components.join(' and ')} ${components.length > 1 ? 'are' : 'is'} not installed: ` +
    `missing CustomResourceDefinitions ${missing.join(', ')} ` +
    '(install Knative Serving and Eventing first, see https://knative.dev/docs/install/)'
  );
}
