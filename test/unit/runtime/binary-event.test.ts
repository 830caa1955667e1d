/** binary-event.ts reads binary-mode 1.0 exactly as the cloudevents SDK's HTTP.toEvent does. */
import { expect } from 'chai';
import { HTTP } from 'cloudevents';
import { binaryEvent } from '../../../functions/core/runtime/binary-event.js';
import { parseCloudEvent } from '../../../functions/core/runtime/parse-cloudevent.js';
import { ValidationError } from '../../../functions/core/runtime/errors.js';

const base = {
  'ce-specversion': '1.0',
  'ce-id': 'e-1',
  'ce-type': 'dev.knative.apiserver.resource.add',
  'ce-source': 'https://10.96.0.1:443',
  'ce-time': '2026-12-04T04:11:03.442Z',
};
const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } });

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'a Resource-mode event with extensions',
    {
      ...base,
      'content-type': 'application/json',
      'ce-kind': 'Pod',
      'ce-name': 'p',
      'ce-namespace': 'n',
      'ce-subject': '/apis/v1/namespaces/n/pods/p',
      'ce-knativearrivaltime': '2026-12-04T04:11:03Z',
    },
    pod,
  ],
  ['JSON with a charset', { ...base, 'content-type': 'application/json; charset=utf-8' }, pod],
  [
    'JSON under another spelling of the charset (not parsed, as the SDK)',
    { ...base, 'content-type': 'application/json;charset=utf-8' },
    pod,
  ],
  [
    'a bare word under a JSON type (read as a string, as the SDK)',
    { ...base, 'content-type': 'application/json' },
    'hello',
  ],
  ['a JSON array', { ...base, 'content-type': 'application/json' }, '[1,2]'],
  ['a JSON string', { ...base, 'content-type': 'application/json' }, '"x"'],
  ['text', { ...base, 'content-type': 'text/plain' }, 'some text'],
  ['octet-stream', { ...base, 'content-type': 'application/octet-stream' }, 'AAAA'],
  ['no content type', { ...base }, '{"a":1}'],
  ['no body', { ...base, 'content-type': 'application/json' }, ''],
  ['a ping without data', { ...base, 'ce-type': 'dev.knative.sources.ping' }, ''],
  [
    'a dataschema',
    { ...base, 'ce-dataschema': 'https://example.com/s.json', 'content-type': 'application/json' },
    '{}',
  ],
  ['a time without milliseconds and an offset', { ...base, 'ce-time': '2026-12-04T05:11:03+01:00' }, ''],
  [
    'a datacontenttype extension header',
    { ...base, 'content-type': 'text/plain', 'ce-datacontenttype': 'application/json' },
    '{"a":1}',
  ],
  ['an upper-case extension value', { ...base, 'ce-myext': 'Value With Spaces' }, ''],
];

describe('binaryEvent', () => {
  for (const [name, headers, body] of cases) {
    it(`reads ${name} as the SDK does`, () => {
      const ours = binaryEvent(headers, body);
      const sdk = HTTP.toEvent({ headers, body });
      expect(JSON.parse(JSON.stringify(ours))).to.deep.equal(JSON.parse(JSON.stringify(sdk)));
      expect({ ...ours }).to.deep.equal({ ...(sdk as object) });
      expect(ours.constructor).to.equal((sdk as object).constructor);
    });
  }

  it('makes an unparsable time now, as the SDK does', () => {
    const before = Date.now();
    const ours = binaryEvent({ ...base, 'ce-time': 'yesterday' }, '');
    expect(Date.parse(ours.time!)).to.be.within(before, Date.now());
  });

  it('throws on a JSON body that does not parse, and parseCloudEvent answers 400', () => {
    const headers = { ...base, 'content-type': 'application/json' };
    expect(() => binaryEvent(headers, '{"a":')).to.throw(SyntaxError);
    expect(() => HTTP.toEvent({ headers, body: '{"a":' })).to.throw(SyntaxError);
    expect(() => parseCloudEvent(headers, '{"a":'))
      .to.throw(ValidationError)
      .with.property('message')
      .that.matches(/^malformed CloudEvent: /);
  });

  it('leaves validation to the caller: parseCloudEvent refuses what the SDK refuses', () => {
    // An empty type passes the presence check of the header but not the SDK's schema.
    for (const headers of [
      { ...base, 'ce-source': '', 'ce-type': 't' },
      { ...base, 'ce-Bad_Name': 'x' },
    ]) {
      const sdk = (() => {
        try {
          const e = HTTP.toEvent({ headers, body: '' }) as unknown as { validate(): boolean };
          e.validate();
          return 'valid';
        } catch {
          return 'invalid';
        }
      })();
      const ours = (() => {
        try {
          parseCloudEvent(headers, '');
          return 'valid';
        } catch (err) {
          expect(err).to.be.instanceOf(ValidationError);
          return 'invalid';
        }
      })();
      expect(ours, JSON.stringify(headers)).to.equal(sdk);
    }
  });
});
