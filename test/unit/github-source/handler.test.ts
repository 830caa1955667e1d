import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import examples from '@octokit/webhooks-examples';
import { handleWebhook, type WebhookDeps } from '../../../functions/github-source/handler.js';
import type { Logger } from '../../../functions/core/runtime/contract.js';

const SECRET = 'test-webhook-secret';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
type Example = { name: string; examples: Record<string, unknown>[] };
const labeled = (examples as unknown as Example[])
  .find((e) => e.name === 'issues')!
  .examples.find((e) => e['action'] === 'labeled')!;
const ping = (examples as unknown as Example[]).find((e) => e.name === 'ping')!.examples[0]!;
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function deps(sinkStatus: number | Error = 202) {
  const sent: { headers: Record<string, string>; body: string }[] = [];
  const webhooks = new Webhooks({ secret: SECRET });
  const d: WebhookDeps = {
    verify: (p, s) => webhooks.verify(p, s),
    send: async (e) => {
      sent.push(e);
      if (sinkStatus instanceof Error) throw sinkStatus;
      return { status: sinkStatus };
    },
    log: quiet,
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  return { d, sent };
}
const headers = (event: string, _body: string, signature?: string) => ({
  'x-github-event': event,
  'x-github-delivery': 'delivery-1',
  'content-type': 'application/json',
  ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
});

describe('github-source webhook handling', () => {
  const body = JSON.stringify(labeled);
  it('forwards a correctly signed delivery and answers 202', async () => {
    const { d, sent } = deps();
    const answer = await handleWebhook(headers('issues', body, sign(body)), body, d);
    expect(answer.status).to.equal(202);
    expect(sent).to.have.length(1);
    expect(sent[0]?.headers['ce-type']).to.equal('com.github.issue.labeled');
  });
  it('401 and nothing forwarded for a missing signature', async () => {
    const { d, sent } = deps();
    expect((await handleWebhook(headers('issues', body), body, d)).status).to.equal(401);
    expect(sent).to.have.length(0);
  });
  it('401 and nothing forwarded for a wrong secret or tampered body', async () => {
    const { d, sent } = deps();
    expect((await handleWebhook(headers('issues', body, sign(body, 'other')), body, d)).status).to.equal(401);
    expect((await handleWebhook(headers('issues', `${body} `, sign(body)), `${body} `, d)).status).to.equal(
      401,
    );
    expect((await handleWebhook(headers('issues', body, 'sha256=zz'), body, d)).status).to.equal(401);
    expect(sent).to.have.length(0);
  });
  it('answers ping with 200 and does not forward it', async () => {
    const { d, sent } = deps();
    const p = JSON.stringify(ping);
    expect((await handleWebhook(headers('ping', p, sign(p)), p, d)).status).to.equal(200);
    expect(sent).to.have.length(0);
  });
  it('400 for a signed body that is not a JSON object', async () => {
    const { d } = deps();
    expect((await handleWebhook(headers('issues', '[1]', sign('[1]')), '[1]', d)).status).to.equal(400);
  });
  it('accepts form-encoded deliveries', async () => {
    const { d, sent } = deps();
    const form = `payload=${encodeURIComponent(body)}`;
    const h = { ...headers('issues', form, sign(form)), 'content-type': 'application/x-www-form-urlencoded' };
    expect((await handleWebhook(h, form, d)).status).to.equal(202);
    expect(sent[0]?.body).to.equal(body);
  });
  it('502 when the sink refuses, 503 when it is unreachable', async () => {
    expect((await handleWebhook(headers('issues', body, sign(body)), body, deps(500).d)).status).to.equal(
      502,
    );
    expect(
      (await handleWebhook(headers('issues', body, sign(body)), body, deps(new Error('ECONNREFUSED')).d))
        .status,
    ).to.equal(503);
  });
});
