import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import {
  isGitHubAppSecret,
  mintInstallationToken,
  parseAppCredentials,
} from '../../../functions/core/github/app-token.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const secret = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, b64(v)]));

describe('github app-token', () => {
  describe('isGitHubAppSecret', () => {
    const cases: [string, Record<string, string> | undefined, boolean][] = [
      ['PAT secret', secret({ GITHUB_TOKEN: 'ghp_x' }), false],
      ['App secret', secret({ appID: '1', installationID: '2', privateKey: pkcs1 }), true],
      ['missing installationID', secret({ appID: '1', privateKey: pkcs1 }), false],
      ['empty value', secret({ appID: '1', installationID: '', privateKey: pkcs1 }), false],
      ['empty data', {}, false],
      ['no data', undefined, false],
    ];
    for (const [name, data, want] of cases) {
      it(name, () => expect(isGitHubAppSecret(data)).to.equal(want));
    }
  });

  describe('parseAppCredentials', () => {
    it('parses PKCS1 and trims ids', () => {
      const c = parseAppCredentials(secret({ appID: ' 12 \n', installationID: '34\n', privateKey: pkcs1 }));
      expect(c.appId).to.equal('12');
      expect(c.installationId).to.equal('34');
      expect(c.privateKey.asymmetricKeyType).to.equal('rsa');
    });
    it('parses PKCS8', () => {
      const c = parseAppCredentials(secret({ appID: '1', installationID: '2', privateKey: pkcs8 }));
      expect(c.privateKey.asymmetricKeyType).to.equal('rsa');
    });
    const errors: [string, Record<string, string>, string | RegExp][] = [
      ['missing appID', { installationID: '2', privateKey: pkcs1 }, 'missing appID in secret data'],
      ['missing installationID', { appID: '1', privateKey: pkcs1 }, 'missing installationID in secret data'],
      ['missing privateKey', { appID: '1', installationID: '2' }, 'missing privateKey in secret data'],
      [
        'not PEM',
        { appID: '1', installationID: '2', privateKey: 'garbage' },
        'no PEM block found in private key',
      ],
      [
        'bad PEM body',
        {
          appID: '1',
          installationID: '2',
          privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        },
        /^failed to parse private key as PKCS1 or PKCS8: /,
      ],
      ['EC key', { appID: '1', installationID: '2', privateKey: ecPem }, 'PKCS8 key is not RSA'],
    ];
    for (const [name, data, message] of errors) {
      it(`errors: ${name}`, () => {
        expect(() => parseAppCredentials(secret(data))).to.throw(message);
      });
    }
  });

  describe('mintInstallationToken', () => {
    let server: Server;
    let base = '';
    let status = 201;
    const seen: { method?: string; url?: string; auth?: string; accept?: string }[] = [];

    before(async () => {
      server = createServer((req, res) => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization ?? '',
          accept: req.headers.accept ?? '',
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          status === 201
            ? JSON.stringify({ token: 'ghs_minted', expires_at: '2026-11-25T13:00:00Z' })
            : JSON.stringify({ message: 'Bad credentials' }),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));
    beforeEach(() => {
      seen.length = 0;
      status = 201;
    });

    it('POSTs a Bearer RS256 JWT and returns the token', async () => {
      const now = new Date('2026-11-25T12:00:00Z');
      const got = await mintInstallationToken({
        appId: '12',
        installationId: '34',
        privateKey: pkcs1,
        apiBaseUrl: `${base}/api/v3/`,
        now: () => now,
      });
      expect(got).to.deep.equal({ token: 'ghs_minted', expiresAt: '2026-11-25T13:00:00Z' });
      expect(seen).to.have.length(1);
      expect(seen[0]?.method).to.equal('POST');
      expect(seen[0]?.url).to.equal('/api/v3/app/installations/34/access_tokens');
      expect(seen[0]?.accept).to.equal('application/vnd.github.v3+json');
      const jwt = (seen[0]?.auth ?? '').replace(/^Bearer /, '');
      const [h, p, s] = jwt.split('.');
      expect(JSON.parse(Buffer.from(h ?? '', 'base64url').toString())).to.deep.equal({
        alg: 'RS256',
        typ: 'JWT',
      });
      const t = now.getTime() / 1000;
      expect(JSON.parse(Buffer.from(p ?? '', 'base64url').toString())).to.deep.equal({
        iss: '12',
        iat: t - 60,
        exp: t + 600,
      });
      expect(jwt).to.not.include('=');
      const ok = createVerify('RSA-SHA256')
        .update(`${h}.${p}`)
        .verify(publicKey, Buffer.from(s ?? '', 'base64url'));
      expect(ok).to.equal(true);
    });

    it('fails on a non-201 answer with the status and body', async () => {
      status = 401;
      let error: unknown;
      try {
        await mintInstallationToken({ appId: '1', installationId: '2', privateKey: pkcs8, apiBaseUrl: base });
      } catch (err) {
        error = err;
      }
      expect(String((error as Error).message)).to.equal(
        'GitHub API returned status 401: {"message":"Bad credentials"}',
      );
    });
  });
});
