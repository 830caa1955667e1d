/**
 * The checks Knative's admission webhooks make and a bare API server does not
 * (the eventing schemas preserve unknown fields in filters, delivery and
 * sources). Each rule takes every manifest and returns its problems, each
 * naming the document and the field.
 */
import { CronExpressionParser } from 'cron-parser';
import { parseCesql } from '../event-plane/cesql.js';
import { parseIsoDurationMs } from '../event-plane/iso-duration.js';
import type { SubscriptionsApiFilter } from '../event-plane/filters.js';
import type { PingSourceSpec } from '../event-plane/ping-event.js';
import { topology, type Destination, type ManifestDoc, type Topology } from '../event-plane/manifests.js';

export type Rule = (topo: Topology) => string[];

const where = (d: ManifestDoc<unknown>) =>
  `${d.kind} ${d.metadata.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata.name} (${d.file})`;
const AUTOSCALING = 'autoscaling.knative.dev/';
// eventing pkg/apis/eventing/v1/trigger_validation.go: validAttributeName.
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;

export const autoscalingPlacement: Rule = (t) =>
  t.services.flatMap((s) => {
    const top = Object.keys(s.metadata.annotations ?? {}).filter((k) => k.startsWith(AUTOSCALING));
    const template =
      (s.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)?.template
        ?.metadata?.annotations ?? {};
    const problems = top.map(
      (k) =>
        `${where(s)}: annotation ${k} must be under spec.template.metadata.annotations, not metadata.annotations`,
    );
    for (const k of ['min-scale', 'max-scale', 'initial-scale']) {
      const v = template[AUTOSCALING + k];
      if (v !== undefined && !/^\d+$/.test(v))
        problems.push(
          `${where(s)}: spec.template.metadata.annotations[${AUTOSCALING}${k}] must be a non-negative integer, got ${JSON.stringify(v)}`,
        );
    }
    const min = Number(template[`${AUTOSCALING}min-scale`] ?? 0);
    const max = Number(template[`${AUTOSCALING}max-scale`] ?? 0);
    if (max > 0 && min > max) problems.push(`${where(s)}: min-scale ${min} is greater than max-scale ${max}`);
    return problems;
  });

function filterProblems(f: SubscriptionsApiFilter, path: string): string[] {
  // Knative rejects an entry with several dialects ("multiple dialects found"); an empty entry passes.
  const used = DIALECTS.filter((d) => {
    const v = f[d];
    return Array.isArray(v)
      ? v.length > 0
      : typeof v === 'object' && v !== null
        ? Object.keys(v).length > 0 || d === 'not'
        : !!v;
  });
  const problems =
    used.length > 1 ? [`${path}: one dialect per filter entry (found ${used.join(', ')})`] : [];
  for (const d of ['exact', 'prefix', 'suffix'] as const) {
    for (const [name, value] of Object.entries(f[d] ?? {})) {
      if (!ATTRIBUTE_NAME.test(name))
        problems.push(
          `${path}.${d}: attribute name ${JSON.stringify(name)} must be lowercase alphanumeric, starting with a letter`,
        );
      if (typeof value !== 'string' || value === '')
        problems.push(`${path}.${d}.${name}: value must be a non-empty string`);
    }
  }
  if (f.cesql) {
    try {
      parseCesql(f.cesql);
    } catch (err) {
      problems.push(`${path}.cesql: ${(err as Error).message}`);
    }
  }
  (f.all ?? []).forEach((g, i) => problems.push(...filterProblems(g, `${path}.all[${i}]`)));
  (f.any ?? []).forEach((g, i) => problems.push(...filterProblems(g, `${path}.any[${i}]`)));
  if (f.not) problems.push(...filterProblems(f.not, `${path}.not`));
  return problems;
}

export const triggerFilters: Rule = (t) =>
  t.triggers.flatMap((tr) => [
    ...(tr.spec?.filters ?? []).flatMap((f, i) => filterProblems(f, `${where(tr)}: spec.filters[${i}]`)),
    ...Object.keys(tr.spec?.filter?.attributes ?? {})
      .filter((n) => !ATTRIBUTE_NAME.test(n))
      .map(
        (n) =>
          `${where(tr)}: spec.filter.attributes: attribute name ${JSON.stringify(n)} must be lowercase alphanumeric, starting with a letter`,
      ),
  ]);

export const apiServerSourceMode: Rule = (t) =>
  t.apiServerSources.flatMap((s) => {
    const problems: string[] = [];
    const mode = s.spec?.mode;
    if (mode !== undefined && mode !== 'Reference' && mode !== 'Resource')
      problems.push(`${where(s)}: spec.mode must be Reference or Resource, got ${JSON.stringify(mode)}`);
    if (!s.spec?.resources?.length) problems.push(`${where(s)}: spec.resources must not be empty`);
    (s.spec?.resources ?? []).forEach((r, i) => {
      if (!r.apiVersion || !r.kind)
        problems.push(`${where(s)}: spec.resources[${i}] needs apiVersion and kind`);
    });
    return problems;
  });

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** As eventing's ping_validation.go: robfig/cron with optional seconds and descriptors, but no @every. */
export const pingSchedules: Rule = (t) =>
  t.pingSources.flatMap((p) => {
    const spec = (p.spec ?? {}) as Partial<PingSourceSpec>;
    const schedule = spec.schedule ?? '';
    const at = `${where(p)}: spec.schedule ${JSON.stringify(schedule)}`;
    const problems: string[] = [];
    if (schedule.includes('@every')) problems.push(`${at} uses the unsupported descriptor @every`);
    else if (schedule.startsWith('@')) {
      if (!DESCRIPTORS.includes(schedule.trim())) problems.push(`${at} is not a known cron descriptor`);
    } else if (![5, 6].includes(schedule.trim().split(/\s+/).length)) {
      problems.push(`${at} must have five cron fields (or six, with seconds first)`);
    } else {
      try {
        CronExpressionParser.parse(schedule);
      } catch (err) {
        problems.push(`${at} is not a valid cron expression: ${(err as Error).message}`);
      }
    }
    if (spec.timezone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: spec.timezone });
      } catch {
        problems.push(`${where(p)}: spec.timezone ${JSON.stringify(spec.timezone)} is not a known time zone`);
      }
    }
    if (spec.data && spec.dataBase64)
      problems.push(`${where(p)}: spec.data and spec.dataBase64 are mutually exclusive`);
    const raw = spec.dataBase64 ? Buffer.from(spec.dataBase64, 'base64').toString('utf8') : spec.data;
    if (raw && spec.contentType === 'application/json' && !isJsonObject(raw)) {
      problems.push(
        `${where(p)}: spec.${spec.dataBase64 ? 'dataBase64' : 'data'} must be a JSON object (contentType application/json)`,
      );
    }
    return problems;
  });

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export const deliverySpecs: Rule = (t) =>
  [...t.triggers, ...t.brokers].flatMap((d) => {
    const delivery = (d.spec as { delivery?: Record<string, unknown> } | undefined)?.delivery;
    if (!delivery) return [];
    const problems: string[] = [];
    if (
      delivery.backoffPolicy !== undefined &&
      delivery.backoffPolicy !== 'exponential' &&
      delivery.backoffPolicy !== 'linear'
    )
      problems.push(`${where(d)}: spec.delivery.backoffPolicy must be exponential or linear`);
    if (
      delivery.retry !== undefined &&
      !(Number.isInteger(delivery.retry) && (delivery.retry as number) >= 0)
    )
      problems.push(`${where(d)}: spec.delivery.retry must be a non-negative integer`);
    for (const f of ['backoffDelay', 'timeout']) {
      if (delivery[f] === undefined) continue;
      try {
        parseIsoDurationMs(String(delivery[f]));
      } catch {
        problems.push(
          `${where(d)}: spec.delivery.${f} ${JSON.stringify(delivery[f])} is not an ISO-8601 duration`,
        );
      }
    }
    return problems;
  });

function refProblem(
  t: Topology,
  owner: ManifestDoc<unknown>,
  field: string,
  dest: Destination | undefined,
): string | undefined {
  if (!dest?.ref) return dest?.uri ? undefined : `${where(owner)}: ${field} needs a ref or a uri`;
  const { ref } = dest;
  const ns = ref.namespace ?? owner.metadata.namespace;
  const pool =
    ref.kind === 'Broker'
      ? t.brokers
      : ref.kind === 'Service' && ref.apiVersion?.startsWith('serving.knative.dev/')
        ? t.services
        : undefined;
  if (!pool) return undefined; // a kind we do not ship (e.g. a user's own sink): nothing to check
  return pool.some((d) => d.metadata.name === ref.name && d.metadata.namespace === ns)
    ? undefined
    : `${where(owner)}: ${field} refers to ${ref.kind} ${ns}/${ref.name}, which is not in the manifests`;
}

export const references: Rule = (t) => {
  const out: (string | undefined)[] = [];
  for (const tr of t.triggers) {
    if (!tr.spec?.broker) out.push(`${where(tr)}: spec.broker is required`);
    else if (
      !t.brokers.some(
        (b) => b.metadata.name === tr.spec!.broker && b.metadata.namespace === tr.metadata.namespace,
      )
    )
      out.push(`${where(tr)}: spec.broker ${tr.spec.broker} is not in the manifests`);
    out.push(refProblem(t, tr, 'spec.subscriber', tr.spec?.subscriber));
    if (tr.spec?.delivery?.deadLetterSink)
      out.push(refProblem(t, tr, 'spec.delivery.deadLetterSink', tr.spec.delivery.deadLetterSink));
  }
  for (const b of t.brokers)
    if (b.spec?.delivery?.deadLetterSink)
      out.push(refProblem(t, b, 'spec.delivery.deadLetterSink', b.spec.delivery.deadLetterSink));
  for (const s of [...t.apiServerSources, ...t.pingSources, ...t.sinkBindings])
    out.push(refProblem(t, s, 'spec.sink', (s.spec as { sink?: Destination } | undefined)?.sink));
  for (const b of t.sinkBindings) {
    const subject = b.spec?.subject;
    if (!subject || !!subject.name === !!subject.selector)
      out.push(`${where(b)}: spec.subject needs exactly one of name and selector`);
  }
  return out.filter((p): p is string => p !== undefined);
};

export const RULES: Record<string, Rule> = {
  autoscalingPlacement,
  triggerFilters,
  apiServerSourceMode,
  pingSchedules,
  deliverySpecs,
  references,
};

export function checkManifests(docs: ManifestDoc[]): string[] {
  const t = topology(docs);
  return Object.values(RULES).flatMap((rule) => rule(t));
}
