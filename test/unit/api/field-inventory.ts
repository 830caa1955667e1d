/**
 * The field inventory: every property of the four resources, written out once.
 * The type annotations make the compiler check it against functions/core/api/
 * types.ts (a missing, extra or wrongly optional key is a type error), and
 * crd-drift.test.ts compares it with the CRD schemas in crds/ at run time.
 * Together they fail when the types and the CRDs drift apart.
 */
import type { Condition, EnvVar, ResourceRequirements } from '../../../functions/core/api/kube-types.js';
import type { ShapeOf } from '../../support/crds/schema-shape.js';
import type {
  AgentConfigSpec,
  Credentials,
  PodOverrides,
  TaskSpawnerSpec,
  TaskSpawnerStatus,
  TaskSpec,
  TaskStatus,
  WorkspaceSpec,
} from '../../../functions/core/api/types.js';

const credentials: ShapeOf<Credentials> = { type: 'string', secretRef: { name: 'string' } };

const resources: ShapeOf<ResourceRequirements> = {
  'limits?': { '*': 'quantity' },
  'requests?': { '*': 'quantity' },
  'claims?': [{ name: 'string', 'request?': 'string' }],
};

const env: ShapeOf<EnvVar> = {
  name: 'string',
  'value?': 'string',
  'valueFrom?': {
    'secretKeyRef?': { name: 'string', key: 'string', 'optional?': 'boolean' },
    'configMapKeyRef?': { name: 'string', key: 'string', 'optional?': 'boolean' },
    'fieldRef?': { fieldPath: 'string', 'apiVersion?': 'string' },
    'resourceFieldRef?': { resource: 'string', 'containerName?': 'string', 'divisor?': 'quantity' },
  },
};

const podOverrides: ShapeOf<PodOverrides> = {
  'resources?': resources,
  'activeDeadlineSeconds?': 'integer',
  'env?': [env],
  'nodeSelector?': { '*': 'string' },
};

const condition: ShapeOf<Condition> = {
  type: 'string',
  status: 'string',
  reason: 'string',
  message: 'string',
  lastTransitionTime: 'string',
  'observedGeneration?': 'integer',
};

const taskSpec: ShapeOf<TaskSpec> = {
  type: 'string',
  prompt: 'string',
  credentials,
  'model?': 'string',
  'image?': 'string',
  'workspaceRef?': { name: 'string' },
  'agentConfigRef?': { name: 'string' },
  'dependsOn?': ['string'],
  'branch?': 'string',
  'ttlSecondsAfterFinished?': 'integer',
  'podOverrides?': podOverrides,
};

const taskStatus: ShapeOf<TaskStatus> = {
  'phase?': 'string',
  'jobName?': 'string',
  'podName?': 'string',
  'startTime?': 'string',
  'completionTime?': 'string',
  'message?': 'string',
  'outputs?': ['string'],
  'results?': { '*': 'string' },
  'conditions?': [condition],
  'usage?': { 'inputTokens?': 'integer', 'outputTokens?': 'integer', 'costUSD?': 'string' },
  'observedGeneration?': 'integer',
};

const workspaceSpec: ShapeOf<WorkspaceSpec> = {
  repo: 'string',
  'ref?': 'string',
  'secretRef?': { name: 'string' },
  'remotes?': [{ name: 'string', url: 'string' }],
  'files?': [{ path: 'string', content: 'string' }],
};

const agentConfigSpec: ShapeOf<AgentConfigSpec> = {
  'agentsMD?': 'string',
  'plugins?': [
    {
      name: 'string',
      'skills?': [{ name: 'string', content: 'string' }],
      'agents?': [{ name: 'string', content: 'string' }],
    },
  ],
  'mcpServers?': [
    {
      name: 'string',
      type: 'string',
      'command?': 'string',
      'args?': ['string'],
      'url?': 'string',
      'headers?': { '*': 'string' },
      'env?': { '*': 'string' },
    },
  ],
};

const taskSpawnerSpec: ShapeOf<TaskSpawnerSpec> = {
  when: {
    'githubIssues?': {
      'repo?': 'string',
      'types?': ['string'],
      'labels?': ['string'],
      'excludeLabels?': ['string'],
      'state?': 'string',
      'triggerComment?': 'string',
      'excludeComments?': ['string'],
      'assignee?': 'string',
      'author?': 'string',
      'priorityLabels?': ['string'],
      'reporting?': { 'enabled?': 'boolean', 'checks?': { 'name?': 'string' } },
    },
    'cron?': { schedule: 'string' },
    'jira?': { baseUrl: 'string', project: 'string', 'jql?': 'string', secretRef: { name: 'string' } },
  },
  taskTemplate: {
    type: 'string',
    credentials,
    'model?': 'string',
    'image?': 'string',
    'workspaceRef?': { name: 'string' },
    'agentConfigRef?': { name: 'string' },
    'dependsOn?': ['string'],
    'branch?': 'string',
    'promptTemplate?': 'string',
    'ttlSecondsAfterFinished?': 'integer',
    'podOverrides?': podOverrides,
  },
  'pollInterval?': 'string',
  'maxConcurrency?': 'integer',
  'suspend?': 'boolean',
  'maxTotalTasks?': 'integer',
};

const taskSpawnerStatus: ShapeOf<TaskSpawnerStatus> = {
  'phase?': 'string',
  'observedGeneration?': 'integer',
  'deploymentName?': 'string',
  'totalDiscovered?': 'integer',
  'totalTasksCreated?': 'integer',
  'activeTasks?': 'integer',
  'lastDiscoveryTime?': 'string',
  'message?': 'string',
  'conditions?': [condition],
};

/** Per kind: the shapes of spec and (where the CRD has one) status. */
export const FIELD_INVENTORY = {
  Task: { spec: taskSpec, status: taskStatus },
  Workspace: { spec: workspaceSpec },
  AgentConfig: { spec: agentConfigSpec },
  TaskSpawner: { spec: taskSpawnerSpec, status: taskSpawnerStatus },
} as const;
