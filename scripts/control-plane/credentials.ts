/**
 * Generated credentials for one control plane: an admin token, a token for the
 * local node's kubelet (user system:node:<name>, group system:nodes, which the
 * Node authorizer scopes to that node's own objects) and a ServiceAccount signing key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The local node's name: the API server reaches a kubelet by the Node's Hostname address, and this one is loopback. */
export const LOCAL_NODE_NAME = 'localhost';

export interface Credentials {
  token: string;
  nodeToken: string;
  tokenFile: string;
  saKeyFile: string;
}

export async function writeCredentials(dir: string): Promise<Credentials> {
  const token = randomBytes(24).toString('hex');
  const nodeToken = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  const node = `system:node:${LOCAL_NODE_NAME}`;
  await writeFile(
    tokenFile,
    `${token},kelos-admin,kelos-admin,"system:masters"\n${nodeToken},${node},${node},"system:nodes"\n`,
    { mode: 0o600 },
  );
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const saKeyFile = join(dir, 'sa.key');
  await writeFile(saKeyFile, privateKey, { mode: 0o600 });
  return { token, nodeToken, tokenFile, saKeyFile };
}
