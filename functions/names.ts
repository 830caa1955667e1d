/** The functions that run as their own process (one Knative Service each). */
export const FUNCTION_NAMES = [
  'resolve-dependencies',
  'launch-pod',
  'capture-outputs',
  'spawn',
  'github-source',
  'report-github',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}
