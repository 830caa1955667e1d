/** What `npm start` prints once everything runs; the last line starts with `ready`. */
import { relative } from 'node:path';
import type { LocalStack } from './local-stack.js';

export function usage(o: { root: string; stack: LocalStack; startedMs: number }): string {
  const { stack } = o;
  const kubeconfig = relative(process.cwd(), stack.cluster.kubeconfigPath) || stack.cluster.kubeconfigPath;
  const origin = {
    user: 'your cluster (KUBECONFIG)',
    reused: 'the running embedded control plane',
    started: 'the embedded control plane (stopped on exit)',
  }[stack.cluster.origin];
  const width = Math.max(...stack.functions.map((f) => f.name.length));
  return [
    '',
    `Kelos is running locally against ${origin}.`,
    '',
    'Functions (one process each; logs in ' + (relative(process.cwd(), stack.logDir) || stack.logDir) + '):',
    ...stack.functions.map((f) => `  ${f.name.padEnd(width)}  ${f.url}  pid ${f.pid() ?? '?'}`),
    `Event plane (broker ingress, K_SINK):  ${stack.plane.brokerUrl()}`,
    '',
    'GitHub webhooks:',
    `  URL     ${stack.githubUrl}/`,
    `  secret  ${stack.webhookSecret}`,
    '  (expose it with a tunnel such as `smee` or `cloudflared` and add it to your repository as an application/json webhook)',
    '',
    `Agents: ${stack.node.agents ? 'will run' : 'will NOT run'}: ${stack.node.summary}`,
    ...(stack.demo
      ? [
          `Offline demo: git ${stack.demo.git.repoUrl('demo')}, scripted model ${stack.demo.model.url}`,
          '  kubectl apply -f examples/08-offline-agent/task.yaml',
        ]
      : []),
    '',
    'Use it:',
    // Absolute: the other shell may be anywhere.
    `  export KUBECONFIG=${stack.cluster.kubeconfigPath}`,
    '  kubectl apply -f examples/01-simple-task/     # put your Anthropic key into its Secret first',
    '  kubectl get tasks -w',
    '  node bin/kelos.js logs hello-kelos -f         # the agent, as it works',
    '  node bin/kelos.js run -p "Say hello" --secret anthropic-api-key   # or: npx kelos ...',
    '  node bin/kelos.js get tasks',
    '',
    'Ctrl-C stops everything this command started.',
    `ready in ${(o.startedMs / 1000).toFixed(1)} s: KUBECONFIG=${kubeconfig} broker=${stack.plane.brokerUrl()} github=${stack.githubUrl} agents=${stack.node.agents ? 'run' : 'do-not-run'}`,
  ].join('\n');
}
