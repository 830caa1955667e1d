/**
 * The Pod Security Standards "restricted" profile (latest), checked on a Pod
 * spec: baseline rules plus the restricted ones. Returns the violations, []
 * when the Pod passes. Written from the published standard, for unit tests;
 * the integration test also lets the real API server enforce it.
 */
import type { Container, Pod } from '../../../functions/core/task/pod-types.js';

const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export function restrictedViolations(pod: Pod): string[] {
  const v: string[] = [];
  const spec = pod.spec;
  const psc = spec.securityContext ?? {};
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) v.push('host namespaces');
  for (const vol of spec.volumes ?? []) {
    const sources = Object.keys(vol).filter((k) => k !== 'name');
    for (const s of sources) if (!ALLOWED_VOLUME_SOURCES.has(s)) v.push(`volume ${vol.name} uses ${s}`);
  }
  if (psc.runAsUser === 0) v.push('pod runAsUser 0');
  if (psc.seccompProfile && !['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile.type))
    v.push('pod seccomp');
  const all: Container[] = [...(spec.initContainers ?? []), ...spec.containers];
  for (const c of all) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) v.push(`${c.name}: allowPrivilegeEscalation != false`);
    const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
    if (nonRoot !== true) v.push(`${c.name}: runAsNonRoot != true`);
    if (sc.runAsUser === 0) v.push(`${c.name}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') v.push(`${c.name}: seccompProfile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${c.name}: capabilities not dropped`);
    for (const cap of sc.capabilities?.add ?? [])
      if (cap !== 'NET_BIND_SERVICE') v.push(`${c.name}: adds ${cap}`);
  }
  return v;
}
