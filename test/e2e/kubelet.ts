/**
 * The test plays the kubelet: it writes Pod status through the pods/status
 * subresource as a kubelet would (Running, then a terminated container with
 * its termination message carrying the agent's output block).
 */
import { OUTPUTS_END, OUTPUTS_START } from '../../functions/core/api/constants.js';
import type { Kubectl } from './kubectl.js';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

async function writeStatus(kubectl: Kubectl, ns: string, pod: string, status: object): Promise<void> {
  await kubectl([
    'patch',
    'pod',
    pod,
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status }),
  ]);
}

function containerStatus(name: string, state: object, ready: boolean) {
  return { name, ready, restartCount: 0, image: 'agent', imageID: '', started: ready, state };
}

export async function runPod(kubectl: Kubectl, ns: string, pod: string, container: string): Promise<void> {
  await writeStatus(kubectl, ns, pod, {
    phase: 'Running',
    startTime: now(),
    containerStatuses: [containerStatus(container, { running: { startedAt: now() } }, true)],
  });
}

export function outputBlock(outputs: Record<string, string>): string {
  return [OUTPUTS_START, ...Object.entries(outputs).map(([k, v]) => `${k}: ${v}`), OUTPUTS_END].join('\n');
}

export async function finishPod(
  kubectl: Kubectl,
  ns: string,
  pod: string,
  container: string,
  o: { exitCode?: number; outputs?: Record<string, string> } = {},
): Promise<void> {
  const exitCode = o.exitCode ?? 0;
  await writeStatus(kubectl, ns, pod, {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: [
      containerStatus(
        container,
        {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            message: o.outputs ? outputBlock(o.outputs) : '',
            startedAt: now(),
            finishedAt: now(),
          },
        },
        false,
      ),
    ],
  });
}
