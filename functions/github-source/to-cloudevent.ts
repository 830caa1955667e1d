/**
 * A GitHub delivery as a binary-mode CloudEvent (SPEC.md §2), pure:
 * type `com.github.<event>.<action>` (`com.github.issue.<action>` for
 * `issues`, `com.github.<event>` when there is no action, e.g. `push`),
 * id = X-GitHub-Delivery, source = the repository's API URL, subject = the
 * issue or PR number, data = the payload bytes unchanged.
 */
export interface Delivery {
  event: string;
  id: string;
  payload: Record<string, unknown>;
  /** The JSON text of the payload, forwarded as is. */
  body: string;
}

export interface BinaryEvent {
  headers: Record<string, string>;
  body: string;
}

const field = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;

export function eventType(event: string, action: unknown): string {
  const name = event === 'issues' ? 'issue' : event;
  return typeof action === 'string' && action ? `com.github.${name}.${action}` : `com.github.${name}`;
}

export function eventSource(payload: Record<string, unknown>): string {
  const repoUrl = field(payload['repository'], 'url');
  if (typeof repoUrl === 'string' && repoUrl) return repoUrl;
  const orgUrl = field(payload['organization'], 'url');
  if (typeof orgUrl === 'string' && orgUrl) return orgUrl;
  return 'https://github.com';
}

export function eventSubject(payload: Record<string, unknown>): string | undefined {
  for (const key of ['issue', 'pull_request']) {
    const n = field(payload[key], 'number');
    if (typeof n === 'number') return String(n);
  }
  return typeof payload['number'] === 'number' ? String(payload['number']) : undefined;
}

export function toCloudEvent(delivery: Delivery, time: Date): BinaryEvent {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': delivery.id,
    'ce-type': eventType(delivery.event, delivery.payload['action']),
    'ce-source': eventSource(delivery.payload),
    'ce-time': time.toISOString(),
  };
  const subject = eventSubject(delivery.payload);
  if (subject) headers['ce-subject'] = subject;
  return { headers, body: delivery.body };
}
