import { expect } from 'chai';
import { decodeEvent, encodeBinary, EventDecodeError } from '../../../scripts/event-plane/http-binding.js';
import { matchesSelector, selectorQuery } from '../../../scripts/event-plane/label-selector.js';

describe('event-plane HTTP binding and label selectors', () => {
  it('round-trips an event through binary mode', () => {
    const event = {
      attributes: { specversion: '1.0', id: 'a', source: '/s', type: 't', subject: 'ünï code', kind: 'Task' },
      data: { x: 1 },
    };
    const { headers, body } = encodeBinary(event);
    expect(headers['ce-kind']).to.equal('Task');
    expect(headers['content-type']).to.equal('application/json');
    expect(decodeEvent(headers, body)).to.deep.equal({
      attributes: { ...event.attributes, datacontenttype: 'application/json' },
      data: { x: 1 },
    });
  });

  it('decodes structured mode, including data_base64', () => {
    const body = JSON.stringify({
      specversion: '1.0',
      id: 'a',
      source: '/s',
      type: 't',
      datacontenttype: 'application/json',
      data: { y: 2 },
    });
    expect(decodeEvent({ 'content-type': 'application/cloudevents+json' }, body)).to.deep.equal({
      attributes: {
        specversion: '1.0',
        id: 'a',
        source: '/s',
        type: 't',
        datacontenttype: 'application/json',
      },
      data: { y: 2 },
    });
    const b64 = JSON.stringify({
      specversion: '1.0',
      id: 'a',
      source: '/s',
      type: 't',
      data_base64: Buffer.from('hi').toString('base64'),
    });
    expect(
      decodeEvent({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, b64)?.data,
    ).to.equal('hi');
  });

  it('no ce- headers is no event; missing required attributes or bad JSON is a decode error', () => {
    expect(decodeEvent({ 'content-type': 'text/plain' }, 'hello')).to.equal(undefined);
    expect(() => decodeEvent({ 'ce-id': 'a', 'ce-type': 't' }, '')).to.throw(
      EventDecodeError,
      /source, specversion/,
    );
    expect(() => decodeEvent({ 'content-type': 'application/cloudevents+json' }, '{')).to.throw(
      EventDecodeError,
    );
    expect(() =>
      decodeEvent(
        {
          'ce-id': 'a',
          'ce-type': 't',
          'ce-source': 's',
          'ce-specversion': '1.0',
          'content-type': 'application/json',
        },
        '{',
      ),
    ).to.throw(EventDecodeError, /not valid JSON/);
  });

  it('renders label selectors as query strings and matches them', () => {
    const sel = {
      matchLabels: { a: '1' },
      matchExpressions: [
        { key: 'kelos.dev/task', operator: 'Exists' },
        { key: 'b', operator: 'NotIn', values: ['x', 'y'] },
      ],
    };
    expect(selectorQuery(sel)).to.equal('a=1,kelos.dev/task,b notin (x,y)');
    expect(
      selectorQuery({
        matchExpressions: [
          { key: 'c', operator: 'In', values: ['p'] },
          { key: 'd', operator: 'DoesNotExist' },
        ],
      }),
    ).to.equal('c in (p),!d');
    expect(matchesSelector(sel, { a: '1', 'kelos.dev/task': 't' })).to.equal(true);
    expect(matchesSelector(sel, { a: '1', 'kelos.dev/task': 't', b: 'x' })).to.equal(false);
    expect(matchesSelector(sel, { a: '1' })).to.equal(false);
    expect(() => selectorQuery({ matchExpressions: [{ key: 'k', operator: 'Gt' }] })).to.throw(
      /unknown label selector operator/,
    );
  });
});
