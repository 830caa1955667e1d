/** Generated credentials for one control plane: an admin token and a ServiceAccount signing key. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Credentials {
  token: string;
  tokenFile: string;
  saKeyFile: string;
}

export async function writeCredentials(dir: string): Promise<Credentials> {
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${token},kelos-admin,kelos-admin,"system:masters"\n`, { mode: 0o600 });
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const saKeyFile = join(dir, 'sa.key');
  await writeFile(saKeyFile, privateKey, { mode: 0o600 });
  return { token, tokenFile, saKeyFile };
}
