/**
 * `kelos install` / `uninstall` against the real API server with the real
 * Knative CRDs, on a manifests folder of this test's own (a test CRD plus
 * Knative-style objects), so that uninstalling does not remove the kelos CRDs
 * other suites share.
 */
import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { installKnativeCrds } from '../knative/knative-crds.js';
import { exists, k, kjson } from './support.js';
import { run } from '../../unit/cli/support/run.js';

const GROUP = 'cli-install.kelos.dev';
const NS = `kelos-cli-install-${process.pid}`;
const PODS_NS = `kelos-cli-uninstall-pods-${process.pid}`;
/** An agent Pod as launch-pod makes it (label, finalizer), plus someone else's finalizer that must stay. */
const AGENT_POD = `apiVersion: v1
kind: Pod
metadata:
  name: agent-pod
  namespace: ${PODS_NS}
  labels: { kelos.dev/task: agent-pod }
  finalizers: [kelos.dev/task-outcome, example.com/keep]
spec:
  containers: [{ name: agent, image: example/agent:latest }]
`;

function manifests(): { crd: string; functions: string } {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.${GROUP} }
spec:
  group: ${GROUP}
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;
  const functions = `apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: kelos-fn, namespace: ${NS} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${NS}-role }
rules:
  - apiGroups: [kelos.dev]
    resources: [tasks]
    verbs: [get, list]
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: launch-pod, namespace: ${NS} }
spec:
  template:
    spec:
      serviceAccountName: kelos-fn
      containers:
        - image: ghcr.io/example/kelos-functions:latest
          args: [launch-pod]
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: { name: kelos, namespace: ${NS} }
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: { name: launch-pod-tasks, namespace: ${NS} }
spec:
  broker: kelos
  filters:
    - exact: { type: dev.knative.apiserver.resource.add }
  subscriber:
    ref: { apiVersion: serving.knative.dev/v1, kind: Service, name: launch-pod }
---
apiVersion: sources.knative.dev/v1
kind: PingSource
metadata: { name: resync, namespace: ${NS} }
spec:
  schedule: "* * * * *"
  sink:
    ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: kelos }
---
apiVersion: ${GROUP}/v1
kind: Widget
metadata: { name: needs-the-crd, namespace: ${NS} }
spec: { size: 3 }
`;
  return { crd, functions };
}

describe('cli (integration): kelos install / uninstall', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  let root: string;
  const kelos = (argv: string[]) =>
    run(['--kubeconfig', cluster.kubeconfigPath, ...argv], {
      manifestsRoot: root,
      env: { HOME: '/nonexistent' },
    });

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await installKnativeCrds(cluster);
    root = await mkdtemp(join(tmpdir(), 'kelos-install-it-'));
    await mkdir(join(root, 'crds'));
    await mkdir(join(root, 'knative'));
    const m = manifests();
    await writeFile(join(root, 'crds', 'widgets.yaml'), m.crd);
    await writeFile(join(root, 'knative', '00-all.yaml'), m.functions);
  });

  it('installs (server-side apply, manager kelos, version and pull policy), twice; uninstalls, twice', async () => {
    const first = await kelos(['install', '--version', 'v9.9.9', '--image-pull-policy', 'IfNotPresent']);
    expect(first.stderr).to.equal('');
    expect(first.stdout).to.equal(
      'Installing kelos CRDs\nInstalling kelos functions (version: v9.9.9)\nKelos installed successfully\n',
    );
    const svc = await kjson(cluster, [
      'get',
      'services.serving.knative.dev',
      'launch-pod',
      '-n',
      NS,
      '--show-managed-fields',
    ]);
    expect(svc.spec.template.spec.containers[0].image).to.equal('ghcr.io/example/kelos-functions:v9.9.9');
    expect(svc.spec.template.spec.containers[0].imagePullPolicy).to.equal('IfNotPresent');
    expect(
      svc.metadata.managedFields.map(
        (f: { manager: string; operation: string }) => `${f.manager}/${f.operation}`,
      ),
    ).to.include('kelos/Apply');
    for (const obj of [
      ['serviceaccount', 'kelos-fn', '-n', NS],
      ['clusterrole', `${NS}-role`],
      ['brokers.eventing.knative.dev', 'kelos', '-n', NS],
      ['triggers.eventing.knative.dev', 'launch-pod-tasks', '-n', NS],
      ['pingsources.sources.knative.dev', 'resync', '-n', NS],
      [`widgets.${GROUP}`, 'needs-the-crd', '-n', NS],
    ]) {
      expect(await exists(cluster, obj), obj.join(' ')).to.equal(true);
    }
    const again = await kelos(['install']);
    expect(again.stdout, again.stderr).to.equal(
      'Installing kelos CRDs\nInstalling kelos functions (version: latest)\nKelos installed successfully\n',
    );

    // An agent Pod with the finalizer only capture-outputs removes: uninstall must let it go.
    await k(cluster, ['create', 'namespace', PODS_NS]);
    await k(cluster, ['apply', '-f', '-'], AGENT_POD);
    const removed = await kelos(['uninstall']);
    expect(removed.stdout, removed.stderr).to.equal(
      'Removing kelos functions\nReleasing agent Pods\nRemoving kelos CRDs\nKelos uninstalled successfully\n',
    );
    const pod = await kjson(cluster, ['get', 'pod', 'agent-pod', '-n', PODS_NS]);
    expect(pod.metadata.finalizers ?? []).to.deep.equal(['example.com/keep']);
    await k(cluster, ['delete', 'namespace', PODS_NS, '--wait=false']);
    await k(cluster, [
      'patch',
      'pod',
      'agent-pod',
      '-n',
      PODS_NS,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    expect(await exists(cluster, ['clusterrole', `${NS}-role`])).to.equal(false);
    expect(await exists(cluster, ['crd', `widgets.${GROUP}`])).to.equal(false);
    expect(await exists(cluster, ['services.serving.knative.dev', 'launch-pod', '-n', NS])).to.equal(false);
    const twice = await kelos(['uninstall']);
    expect(twice.code, twice.stderr).to.equal(0);
    expect(twice.stdout).to.equal(
      'Removing kelos functions\nReleasing agent Pods\nRemoving kelos CRDs\nKelos uninstalled successfully\n',
    );
  });
});
