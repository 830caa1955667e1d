/**
 * Plays the event plane for one namespace, deterministically: collects what a
 * watch would have sent since the last round and what the functions emitted,
 * routes it by knative/'s Triggers,
 * applies a delivery policy (once, twice, in reverse order, or dropping every
 * other event), delivers, and lets a kubelet callback write Pod status.
 * Rounds repeat until nothing changes; with dropped events, resync ticks
 * then finish the job, as the PingSource does.
 */
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import type { Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import {
  changeFeed,
  deliver,
  ping,
  route,
  routeEmitted,
  setPodStatus,
  type Delivery,
  type Lifecycle,
} from './lifecycle-harness.js';

export type Policy = 'once' | 'twice' | 'reverse' | 'drop-half';

/** Returns the status the kubelet writes for a Pod now, or undefined to leave it. */
export type Kubelet = (pod: Stored<Pod>) => PodStatus | undefined;

export interface Driver {
  /** Runs rounds until quiet (and, with dropped events, until resync ticks change nothing). */
  settle(): Promise<void>;
  kubelet: Kubelet;
}

function applyPolicy(deliveries: Delivery[], policy: Policy, counter: { n: number }): Delivery[] {
  switch (policy) {
    case 'once':
      return deliveries;
    case 'twice':
      return deliveries.flatMap((d) => [d, { ...d, event: { ...d.event, id: `${d.event.id}-again` } }]);
    case 'reverse':
      return [...deliveries].reverse();
    case 'drop-half':
      return deliveries.filter(() => counter.n++ % 2 === 0);
  }
}

export function eventDriver(
  lc: Lifecycle,
  namespace: string,
  policy: Policy = 'once',
  kubelet: Kubelet = () => undefined,
): Driver {
  const feed = changeFeed(lc.kube, namespace);
  const counter = { n: 0 };
  const driver: Driver = {
    kubelet,
    async settle() {
      for (let quietTicks = 0, round = 0; quietTicks < 2; round++) {
        if (round > 200) throw new Error('event driver: no quiescence after 200 rounds');
        const changed = await feed();
        const pods = changed
          .map((c) => c.object)
          .filter((o): o is Stored<KubeObject & Pod> => o.kind === 'Pod');
        for (const pod of pods) {
          const status = driver.kubelet(pod);
          if (status) await setPodStatus(lc.kube, pod, status);
        }
        // What the watch saw and what the functions emitted, both routed by knative/'s Triggers.
        const deliveries = [...changed.flatMap((c) => route(lc, c.object, c.verb)), ...routeEmitted(lc)];
        if (deliveries.length > 0 || changed.length > 0) {
          quietTicks = 0;
          for (const d of applyPolicy(deliveries, policy, counter)) await deliver(d);
          continue;
        }
        // Quiet: a resync tick, as the PingSource sends (it is what recovers dropped events).
        await ping(lc);
        quietTicks += 1;
      }
    },
  };
  return driver;
}
