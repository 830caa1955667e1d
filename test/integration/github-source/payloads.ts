/** Real webhook payloads (@octokit/webhooks-examples) adapted to a test issue, and GitHub-style signing. */
import { createHmac, randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import type { FakeIssue } from '../../support/fake-github.js';

type Example = { name: string; examples: Record<string, unknown>[] };

export function example(event: string, action?: string): Record<string, unknown> {
  const group = (examples as unknown as Example[]).find((e) => e.name === event);
  const found = group?.examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`no webhook example ${event}.${action ?? ''}`);
  return structuredClone(found);
}

/** `issues.<action>` for the given issue (REST shape from the fake GitHub), in the example's repository. */
export function issuesPayload(action: string, issue: FakeIssue, label?: string): Record<string, unknown> {
  const base = example('issues', 'labeled');
  const payload: Record<string, unknown> = {
    ...base,
    action,
    issue: { ...(base['issue'] as object), ...issue },
  };
  if (label) payload['label'] = { ...(base['label'] as object), name: label };
  else delete payload['label'];
  return payload;
}

export function commentPayload(issue: FakeIssue, body: string): Record<string, unknown> {
  const base = example('issue_comment', 'created');
  return {
    ...base,
    issue: { ...(base['issue'] as object), ...issue },
    comment: { ...(base['comment'] as object), body },
  };
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface SentDelivery {
  status: number;
  body: string;
}

export async function deliver(
  url: string,
  event: string,
  payload: Record<string, unknown>,
  options: { secret: string; id?: string; signature?: string },
): Promise<SentDelivery> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/test',
      'x-github-event': event,
      'x-github-delivery': options.id ?? randomUUID(),
      'x-hub-signature-256': options.signature ?? sign(body, options.secret),
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}
