/** capture-outputs has no settings of its own (K_SINK, KUBECONFIG, PORT and logging are the runtime's). */
export type CaptureOutputsConfig = Record<string, never>;

export function readConfig(_env: NodeJS.ProcessEnv = process.env): CaptureOutputsConfig {
  return {};
}
