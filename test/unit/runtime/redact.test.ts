/** Secrets never reach a log line: keys, Secret objects, token-shaped values, errors. */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../../functions/core/log/create-logger.js';
import { isSecretKey, redact, REDACTED, redactString } from '../../../functions/core/log/redact.js';

describe('redact', () => {
  it('recognises secret-like keys and leaves ordinary ones', () => {
    for (const k of [
      'token',
      'accessToken',
      'GITHUB_TOKEN',
      'password',
      'privateKey',
      'private_key',
      'authorization',
      'Authorization',
      'ANTHROPIC_API_KEY',
      'x-api-key',
      'webhookSecret',
      'client_secret',
      'cookie',
    ]) {
      expect(isSecretKey(k), k).to.equal(true);
    }
    for (const k of [
      'name',
      'namespace',
      'inputTokens',
      'input-tokens',
      'secretRef',
      'key',
      'branchLockKey',
      'kind',
    ]) {
      expect(isSecretKey(k), k).to.equal(false);
    }
  });

  it('replaces values under secret keys at any depth, keeps numbers and structure', () => {
    const out = redact({
      a: { token: 'abc', nested: [{ password: 'p' }] },
      inputTokens: 42,
      token2: 7,
      name: 'x',
    });
    expect(out).to.deep.equal({
      a: { token: REDACTED, nested: [{ password: REDACTED }] },
      inputTokens: 42,
      token2: 7,
      name: 'x',
    });
  });

  it('hides the data of a Secret object', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { 'api-key': 'c2VjcmV0' },
    };
    expect(redact(secret)).to.deep.include({ data: REDACTED, metadata: { name: 's' } });
  });

  it('hides the value of an env var whose name is secret-like', () => {
    const env = [
      { name: 'ANTHROPIC_API_KEY', value: 'hunter2' },
      { name: 'GITHUB_TOKEN', value: 'plain' },
      { name: 'KELOS_MODEL', value: 'opus' },
    ];
    expect(redact(env)).to.deep.equal([
      { name: 'ANTHROPIC_API_KEY', value: REDACTED },
      { name: 'GITHUB_TOKEN', value: REDACTED },
      { name: 'KELOS_MODEL', value: 'opus' },
    ]);
  });

  it('finds token-shaped substrings in free text', () => {
    const cases: Array<[string, string]> = [
      ['clone with ghp_abcdefghijklmnopqrstuvwxyz012345', 'clone with [REDACTED]'],
      ['pat github_pat_11ABCDEFG0123456789_abcdefghijkl', 'pat [REDACTED]'],
      ['key sk-ant-api03-abcdefghijklmnop', 'key [REDACTED]'],
      ['Authorization: Bearer abc.def-ghi_jkl', 'Authorization: Bearer [REDACTED]'],
      ['https://x-access-token:ghs_short@github.com/o/r.git', 'https://[REDACTED]@github.com/o/r.git'],
      ['jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl', 'jwt [REDACTED]'],
    ];
    for (const [input, want] of cases) expect(redactString(input)).to.equal(want);
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';
    expect(redactString(`key: ${pem} end`)).to.equal(`key: ${REDACTED} end`);
  });

  it('turns errors into objects with their causes, redacted', () => {
    const err = new Error('failed with ghp_abcdefghijklmnopqrstuvwxyz012345', {
      cause: new Error('token sk-abcdefghijklmnopqrstu'),
    });
    const out = redact(err) as { message: string; cause: { message: string } };
    expect(out.message).to.equal('failed with [REDACTED]');
    expect(out.cause.message).to.equal('token [REDACTED]');
  });

  it('survives cycles and does not mutate its input', () => {
    const a: Record<string, unknown> = { token: 't' };
    a.self = a;
    expect(redact(a)).to.deep.equal({ token: REDACTED, self: '[Circular]' });
    expect(a.token).to.equal('t');
  });

  it('is applied by the logger factory to message and meta, in JSON and readable formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(chunk.toString());
          cb();
        },
      });
      const log = createLogger({ name: 'test', format, stream, level: 'debug' }).child({ eventId: 'e1' });
      log.info('using ghp_abcdefghijklmnopqrstuvwxyz012345', {
        headers: { authorization: 'Bearer abcdefghijkl' },
        count: 3,
      });
      const text = lines.join('');
      expect(text, format).to.not.include('ghp_abcdef');
      expect(text, format).to.not.include('abcdefghijkl');
      expect(text, format).to.include('e1');
      if (format === 'json') {
        const entry = JSON.parse(text) as Record<string, unknown>;
        expect(entry).to.deep.include({ level: 'info', component: 'test', eventId: 'e1', count: 3 });
      } else {
        expect(text).to.match(/info\s+\[test\] using \[REDACTED\]/);
      }
    }
  });
});
