import { expect } from 'chai';
import type { PlaneEvent } from '../../../scripts/event-plane/cloud-event.js';
import { encodeEvent, wireForm } from '../../../scripts/event-plane/encoded-event.js';
import { encodeBinary } from '../../../scripts/event-plane/http-binding.js';

const attributes = { specversion: '1.0', id: 'a', source: '/s', type: 't', kind: 'Task' };

describe('event-plane encoded events (serialized once, parsed back on read)', () => {
  const cases: [string, PlaneEvent][] = [
    ['an object', { attributes, data: { metadata: { name: 'x' }, n: [1, 2] } }],
    [
      'JSON text under a JSON type',
      { attributes: { ...attributes, datacontenttype: 'application/json' }, data: '{"a":1}' },
    ],
    ['plain text', { attributes: { ...attributes, datacontenttype: 'text/plain' }, data: 'hello' }],
    ['no data', { attributes }],
  ];
  for (const [name, event] of cases) {
    it(`${name}: the same wire form as a fresh encoding, and the same data read back`, () => {
      const encoded = encodeEvent(event);
      expect(wireForm(encoded)).to.deep.equal(encodeBinary(event));
      expect(encoded.data).to.deep.equal(event.data);
      expect(encoded.attributes).to.deep.equal(event.attributes);
    });
  }

  it('a spread copy with other attributes carries the data but is encoded afresh (dead letters)', () => {
    const encoded = encodeEvent({ attributes, data: { n: 1 } });
    const letter: PlaneEvent = { ...encoded, attributes: { ...attributes, knativeerrorcode: '500' } };
    expect(letter.data).to.deep.equal({ n: 1 });
    expect(wireForm(letter).headers['ce-knativeerrorcode']).to.equal('500');
    expect(JSON.parse(wireForm(letter).body)).to.deep.equal({ n: 1 });
  });

  it('lists as plain attributes and data (the /events debugging listing)', () => {
    const encoded = encodeEvent({ attributes, data: { n: 1 } });
    expect(JSON.parse(JSON.stringify(encoded))).to.deep.equal({ attributes, data: { n: 1 } });
  });

  it('a reader cannot change what is delivered (each read parses a fresh copy)', () => {
    const encoded = encodeEvent({ attributes, data: { n: 1 } });
    (encoded.data as { n: number }).n = 2;
    expect(JSON.parse(wireForm(encoded).body)).to.deep.equal({ n: 1 });
    expect(encoded.data).to.deep.equal({ n: 1 });
  });
});
