/** GitHub webhook deliveries for e2e tests: real example payloads (@octokit/webhooks-examples), signed as GitHub signs them. */
import { createHmac, randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';

type Example = { name: string; examples: Record<string, unknown>[] };

/** The first example payload of `event` with `action`, deep-copied. */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const group = (examples as unknown as Example[]).find((e) => e.name === event);
  const found = group?.examples.find((e) => e['action'] === action);
  if (!found) throw new Error(`no webhook example ${event}.${action}`);
  return structuredClone(found);
}

export async function sendWebhook(
  url: string,
  event: string,
  payload: object,
  secret: string,
): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/e2e',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  });
  await res.text();
  return res.status;
}
