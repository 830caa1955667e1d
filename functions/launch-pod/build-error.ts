/**
 * A Task that cannot be turned into a Pod (unsupported type, bad file path,
 * bad plugin or MCP server name). The message is the original's exact text;
 * launch-pod fails the Task with `Failed to build Pod: <message>`.
 */
export class PodBuildError extends Error {
  override name = 'PodBuildError';
}

/** Go's %q for the simple names and paths these messages quote. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
