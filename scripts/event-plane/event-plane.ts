/**
 * The local event plane: plays, from the manifests in knative/, what Knative
 * Eventing does in a cluster: ApiServerSources (list+watch → apiserver
 * CloudEvents), PingSources (resync ticks), SinkBindings (K_SINK for local
 * function processes) and Broker/Trigger routing with the Triggers' filters
 * and delivery policy. It is a harness for running the real functions
 * locally, not a product broker.
 */
import { BROKER_DEFAULTS, createBroker, type Broker, type DeadLetter, type PlaneLog } from './broker.js';
import type { PlaneEvent } from './cloud-event.js';
import { assertLocallySupported } from './filters.js';
import { pushBounded } from './history.js';
import { startIngress } from './ingress-server.js';
import { kubeHttp } from './kube-http.js';
import { loadTopology, type ManifestDoc, type Topology } from './manifests.js';
import type { ObjectWatcher } from './object-watcher.js';
import { startApiServerSource, startPingSource } from './sources.js';
import { bindingsFor, resolveDestination, sinkBindingEnv, type LocalAddresses } from './sinks.js';

export interface EventPlaneOptions {
  manifestsDir: string;
  /** Defaults to $KUBECONFIG / ~/.kube/config. */
  kubeconfigPath?: string;
  /** Local URL of each Knative Service run as a process, by Service name (more can be registered later). */
  services?: Record<string, string>;
  /** Overrides every PingSource schedule with a fixed period (KELOS_RESYNC_SECONDS). */
  resyncSeconds?: number;
  /** Multiplies delivery backoff delays (tests use a small value). */
  timeScale?: number;
  port?: number;
  watchTimeoutSeconds?: number;
  /** Start the sources (watches, ping ticks) only when `startSources()` is called. */
  deferSources?: boolean;
  /** Per broker: attempts on the wire at once, deliveries pending before the watches pause, history kept. */
  bounds?: { maxInFlight?: number; maxPending?: number; historyLimit?: number };
  log?: PlaneLog;
}

export interface EventPlane {
  topology: Topology;
  ingressBaseUrl: string;
  /** URL of a broker's ingress (default: the first broker in the manifests). */
  brokerUrl(name?: string, namespace?: string): string;
  registerService(name: string, url: string): void;
  /** What the SinkBindings give a Knative Service's process: K_SINK, maybe K_CE_OVERRIDES. */
  sinkEnv(serviceName: string): Record<string, string>;
  brokers: Map<string, Broker>;
  /** The last historyLimit dead letters. */
  deadLetters: DeadLetter[];
  /** Starts the ApiServerSources and PingSources (once); resolves when every watch has listed once. */
  startSources(): Promise<void>;
  /** Resolves when every ApiServerSource watch has listed once. */
  synced: Promise<void>;
  /** Publishes an event into a broker as if it came to its ingress. */
  publish(event: PlaneEvent, broker?: string): void;
  stop(): Promise<void>;
}

const consoleLog: PlaneLog = {
  info: (m) => console.error(`[event-plane] ${m}`),
  warn: (m) => console.error(`[event-plane] WARN ${m}`),
};

const key = (doc: { metadata: { name: string; namespace?: string } }) =>
  `/${doc.metadata.namespace ?? 'default'}/${doc.metadata.name}`;

export async function startEventPlane(o: EventPlaneOptions): Promise<EventPlane> {
  const log = o.log ?? consoleLog;
  const topo = await loadTopology(o.manifestsDir);
  for (const t of topo.triggers) assertLocallySupported(t.spec?.filters, `Trigger ${t.metadata.name}`);
  const services = new Map(Object.entries(o.services ?? {}));
  const deadLetters: DeadLetter[] = [];
  const brokers = new Map<string, Broker>();
  const addresses: LocalAddresses = { ingressBaseUrl: '', services };
  for (const b of topo.brokers) {
    const triggers = topo.triggers.filter(
      (t) => t.spec?.broker === b.metadata.name && t.metadata.namespace === b.metadata.namespace,
    );
    const broker = createBroker({
      triggers,
      ...(b.spec?.delivery ? { brokerDelivery: b.spec.delivery } : {}),
      resolve: (d) => resolveDestination(d, b.metadata.namespace ?? 'default', addresses),
      timeScale: o.timeScale ?? 1,
      log,
      ...o.bounds,
      onDeadLetter: (letter) => {
        pushBounded(deadLetters, letter, o.bounds?.historyLimit ?? BROKER_DEFAULTS.historyLimit);
        log.warn(
          `dead letter from ${letter.trigger}: ${JSON.stringify(letter.event.attributes)} (${letter.reason})`,
        );
      },
    });
    brokers.set(key(b), broker);
  }
  const publishers = new Map([...brokers].map(([k, b]) => [k, (e: PlaneEvent) => b.publish(e)]));
  /** Publishes and resolves when the broker has room again: the watches wait on it (backpressure). */
  const sources = new Map(
    [...brokers].map(([k, b]) => [k, (e: PlaneEvent) => (b.publish(e), b.room())] as const),
  );
  const ingress = await startIngress({
    brokers: publishers,
    published: () => [...brokers.values()].flatMap((b) => b.published),
    ...(o.port !== undefined ? { port: o.port } : {}),
  });
  addresses.ingressBaseUrl = ingress.baseUrl;
  const sinkPublisher = (doc: ManifestDoc<{ sink: { ref?: { name: string; namespace?: string } } }>) => {
    const ref = doc.spec?.sink.ref;
    const publish = ref
      ? sources.get(`/${ref.namespace ?? doc.metadata.namespace ?? 'default'}/${ref.name}`)
      : undefined;
    if (!publish)
      throw new Error(`${doc.kind} ${doc.metadata.name}: only a Broker sink is supported locally`);
    return publish;
  };

  const kube = await kubeHttp(o.kubeconfigPath);
  const watchers: ObjectWatcher[] = [];
  const pings: { stop(): void }[] = [];
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  let sourcesStarted = false;
  const startSources = () => {
    if (!sourcesStarted) {
      sourcesStarted = true;
      for (const source of topo.apiServerSources) {
        const run = { source, kube, publish: sinkPublisher(source), log };
        watchers.push(
          ...startApiServerSource(
            o.watchTimeoutSeconds !== undefined
              ? { ...run, watchTimeoutSeconds: o.watchTimeoutSeconds }
              : run,
          ),
        );
      }
      pings.push(...topo.pingSources.map((p) => startPingSource(p, sinkPublisher(p), o.resyncSeconds)));
      void Promise.all(watchers.map((w) => w.synced)).then(markSynced);
    }
    return synced;
  };
  if (!o.deferSources) void startSources();

  const firstBroker = topo.brokers[0];
  return {
    topology: topo,
    ingressBaseUrl: ingress.baseUrl,
    brokerUrl: (name, namespace) => {
      const path = name
        ? `/${namespace ?? firstBroker?.metadata.namespace ?? 'default'}/${name}`
        : firstBroker
          ? key(firstBroker)
          : '';
      if (!publishers.has(path)) throw new Error(`no broker ${path} in ${o.manifestsDir}`);
      return ingress.baseUrl + path;
    },
    registerService: (name, url) => void services.set(name, url),
    sinkEnv: (serviceName) => {
      const service = topo.services.find((s) => s.metadata.name === serviceName);
      if (!service) throw new Error(`no Knative Service ${serviceName} in ${o.manifestsDir}`);
      return Object.assign(
        {},
        ...bindingsFor(service, topo.sinkBindings).map((b) => sinkBindingEnv(b, addresses)),
      ) as Record<string, string>;
    },
    brokers,
    deadLetters,
    startSources,
    synced,
    publish: (event, name) => {
      const path = name
        ? `/${firstBroker?.metadata.namespace ?? 'default'}/${name}`
        : firstBroker
          ? key(firstBroker)
          : '';
      publishers.get(path)?.(event);
    },
    stop: async () => {
      for (const p of pings) p.stop();
      await Promise.all(watchers.map((w) => w.stop()));
      await Promise.all([...brokers.values()].map((b) => b.stop()));
      await ingress.close();
    },
  };
}
