/** Reading CloudEvents from HTTP in both modes, and refusing malformed ones. */
import { expect } from 'chai';
import { ValidationError } from '../../../functions/core/runtime/errors.js';
import { decodeEvent } from '../../../functions/core/runtime/decode-event.js';
import { parseCloudEvent } from '../../../functions/core/runtime/parse-cloudevent.js';
import { apiServerRefEvent, binaryRequest, pingEvent, structuredRequest } from '../../support/cloudevents.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } };

describe('parseCloudEvent', () => {
  it('reads binary and structured mode into the same event, extensions included', () => {
    const event = apiServerRefEvent('add', pod);
    const b = binaryRequest(event);
    const s = structuredRequest(event);
    for (const parsed of [parseCloudEvent(b.headers, b.body ?? ''), parseCloudEvent(s.headers, s.body)]) {
      expect(parsed).to.deep.include({
        id: event.id,
        type: 'dev.knative.apiserver.ref.add',
        kind: 'Pod',
        apiversion: 'v1',
        namespace: 'n',
      });
      expect(parsed.data).to.deep.equal({ apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'n' });
    }
  });

  it('accepts a ping without data and structured data_base64', () => {
    const b = binaryRequest(pingEvent());
    expect(parseCloudEvent(b.headers, '').type).to.equal('dev.knative.sources.ping');
    const noData: Record<string, unknown> = { ...apiServerRefEvent('add', pod) };
    delete noData.data;
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'from-base64', namespace: 'n' };
    const body = JSON.stringify({
      ...noData,
      data_base64: Buffer.from(JSON.stringify(ref)).toString('base64'),
    });
    const parsed = parseCloudEvent({ 'content-type': 'application/cloudevents+json' }, body);
    expect(decodeEvent(parsed)).to.deep.include({ type: 'object', name: 'from-base64', namespace: 'n' });
  });

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    [
      'no CloudEvent at all',
      { 'content-type': 'application/json' },
      '{}',
      /missing id, source, type, specversion/,
    ],
    ['binary without type', { 'ce-id': '1', 'ce-source': '/s', 'ce-specversion': '1.0' }, '', /missing type/],
    [
      'structured without id',
      { 'content-type': 'application/cloudevents+json' },
      '{"type":"t","source":"/s","specversion":"1.0"}',
      /missing id/,
    ],
    ['structured, not JSON', { 'content-type': 'application/cloudevents+json' }, 'nope', /not JSON/],
    ['batch mode', { 'content-type': 'application/cloudevents-batch+json' }, '[]', /batched/],
    [
      'unsupported specversion',
      { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '9.9' },
      '',
      /malformed CloudEvent/,
    ],
  ];
  for (const [name, headers, body, match] of bad) {
    it(`refuses ${name}`, () => {
      expect(() => parseCloudEvent(headers, body))
        .to.throw(ValidationError)
        .with.property('message')
        .that.matches(match);
    });
  }
});
