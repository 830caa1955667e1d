/**
 * The few core Kubernetes shapes the kelos types and functions use, kept local
 * so that a function does not have to load @kubernetes/client-node's generated
 * models at start-up (see DESIGN.md, "Cold start"). Field names follow the
 * Kubernetes API exactly; only the fields this project reads or writes are listed.
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One writer's entry in metadata.managedFields (server-side apply's bookkeeping; `time` has second precision). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  subresource?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type Quantity = string | number;
export interface ResourceRequirements {
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
  claims?: { name: string; request?: string }[];
}

export interface EnvVarSource {
  secretKeyRef?: { name: string; key: string; optional?: boolean };
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
  fieldRef?: { fieldPath: string; apiVersion?: string };
  resourceFieldRef?: { resource: string; containerName?: string; divisor?: Quantity };
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

/**
 * Metadata of a namespaced object as the API server stores it: `name` is always
 * set (generateName resolved) and so is `namespace`. The CRD types keep
 * ObjectMeta's optional fields, since a Task as a user writes it may lack both.
 */
export interface StoredMeta extends ObjectMeta {
  name: string;
  namespace: string;
}

/** An object as read back from the API server (get, list, create's and patch's answers). */
export type Stored<T extends { metadata: ObjectMeta }> = T & { metadata: StoredMeta };

/** Any object the API server returns: enough to address and guard it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface KubeList<T> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}
