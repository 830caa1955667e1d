/**
 * Certificates between the API server and a kubelet: a CA the kubelet trusts
 * for client certificates, and the API server's client certificate signed by
 * it (--kubelet-client-certificate/-key). With these the kubelet authenticates
 * the API server (webhook authn/authz for the rest), so `kubectl logs`/exec work
 * without anonymous access to the kubelet. Made with openssl (Node cannot sign X.509).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KubeletPki {
  /** The CA the kubelet checks client certificates against. */
  clientCaFile: string;
  /** The API server's client certificate and key for calls to kubelets. */
  apiserverClientCert: string;
  apiserverClientKey: string;
}

/** The client certificate's subject: system:masters, so the kubelet's SubjectAccessReview allows logs/exec. */
export const APISERVER_KUBELET_CLIENT_SUBJECT = '/O=system:masters/CN=kube-apiserver-kubelet-client';

export async function writeKubeletPki(pkiDir: string): Promise<KubeletPki> {
  const caKey = join(pkiDir, 'kubelet-client-ca.key');
  const clientCaFile = join(pkiDir, 'kubelet-client-ca.crt');
  const apiserverClientKey = join(pkiDir, 'apiserver-kubelet-client.key');
  const csr = join(pkiDir, 'apiserver-kubelet-client.csr');
  const apiserverClientCert = join(pkiDir, 'apiserver-kubelet-client.crt');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    await run('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', clientCaFile,
      '-days', '3650', '-subj', '/CN=kelos-kubelet-client-ca']); // prettier-ignore
    await run('openssl', ['req', ...ec, '-keyout', apiserverClientKey, '-out', csr,
      '-subj', APISERVER_KUBELET_CLIENT_SUBJECT]); // prettier-ignore
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', clientCaFile, '-CAkey', caKey,
      '-CAcreateserial', '-out', apiserverClientCert, '-days', '3650']); // prettier-ignore
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `kubelet client certificates in ${pkiDir}: openssl failed: ${e.stderr?.trim() || e.message}`,
    );
  }
  return { clientCaFile, apiserverClientCert, apiserverClientKey };
}
