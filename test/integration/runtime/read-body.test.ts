/**
 * read-body.ts over a real socket: the answers body-parser gave (charset and
 * encoding 415, over the limit 413, gzip inflated), now that the functions'
 * HTTP face is plain node:http.
 */
import { expect } from 'chai';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { BodyError, readBody } from '../../../functions/core/runtime/read-body.js';

function post(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('readBody (the functions’ request bodies)', () => {
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((req, res) => {
      readBody(req, 64).then(
        (text) => res.writeHead(200).end(`read:${text}`),
        (err: unknown) => res.writeHead(err instanceof BodyError ? err.status : 500).end(String(err)),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('reads UTF-8 text, with or without a charset', async () => {
    expect(await post(url, { 'content-type': 'application/json' }, Buffer.from('{"é":1}'))).to.deep.equal({
      status: 200,
      body: 'read:{"é":1}',
    });
    expect(
      (await post(url, { 'content-type': 'text/plain; charset=UTF-8' }, Buffer.from('x'))).status,
    ).to.equal(200);
  });
  it('inflates gzip; the limit applies to the inflated body', async () => {
    const small = await post(url, { 'content-encoding': 'gzip' }, gzipSync('hello'));
    expect(small).to.deep.equal({ status: 200, body: 'read:hello' });
    const bomb = await post(url, { 'content-encoding': 'gzip' }, gzipSync('x'.repeat(10_000)));
    expect(bomb.status).to.equal(413);
  });
  it('415 for an unknown charset or content encoding, 413 over the limit', async () => {
    expect(
      (await post(url, { 'content-type': 'text/plain; charset=klingon' }, Buffer.from('x'))).status,
    ).to.equal(415);
    expect((await post(url, { 'content-encoding': 'br' }, Buffer.from('x'))).status).to.equal(415);
    expect((await post(url, {}, Buffer.alloc(65, 'x'))).status).to.equal(413);
  });
  it('413 for a chunked body that passes the limit while it is read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(40, 'x'));
      req.end(Buffer.alloc(40, 'y'));
    });
    expect(status).to.equal(413);
  });
  it('a body cut short is "request aborted", and the read settles', async () => {
    let settled!: (outcome: unknown) => void;
    const outcome = new Promise<unknown>((resolve) => (settled = resolve));
    const s = createServer((req) => void readBody(req, 1024).then(settled, settled));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const port = (s.address() as AddressInfo).port;
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers: { 'content-length': '100' } });
      req.on('error', () => undefined);
      req.write('only part of it', () => setImmediate(() => req.destroy()));
      const err = await outcome;
      expect(err).to.be.instanceOf(BodyError);
      expect(err).to.include({ status: 400, message: 'request aborted' });
    } finally {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});
