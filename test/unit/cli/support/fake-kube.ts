/** An in-memory CliKube for unit tests of command logic that needs no real API server. */
import type { AnyObject, CliKube, LogRequest, Ref } from '../../../../cli/kube/client.js';
import { apiError } from '../../../../cli/kube/errors.js';

export class FakeKube implements CliKube {
  readonly objects = new Map<string, AnyObject>();
  readonly calls: string[] = [];
  logs: Record<string, string | Error> = {};

  constructor(readonly contextNamespace: string | undefined = undefined) {}

  private key(r: { kind: string; namespace?: string | undefined; name?: string | undefined }): string {
    return `${r.kind}/${r.namespace ?? ''}/${r.name ?? ''}`;
  }

  add(...objs: AnyObject[]): this {
    for (const o of objs) this.objects.set(this.key({ kind: o.kind, ...o.metadata }), structuredClone(o));
    return this;
  }

  async get<T extends AnyObject>(ref: Ref): Promise<T | undefined> {
    this.calls.push(`get ${this.key(ref)}`);
    const o = this.objects.get(this.key(ref));
    return o ? (structuredClone(o) as T) : undefined;
  }

  async list<T extends AnyObject>(_v: string, kind: string, namespace: string | undefined): Promise<T[]> {
    this.calls.push(`list ${kind}/${namespace ?? '*'}`);
    return [...this.objects.values()].filter(
      (o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace),
    ) as T[];
  }

  async create<T extends AnyObject>(obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
    const k = this.key({ kind: obj.kind, ...obj.metadata });
    if (this.objects.has(k)) {
      throw apiError(`"${obj.metadata.name}" already exists`, 409, 'AlreadyExists');
    }
    if (opts.dryRun) return obj;
    this.calls.push(`create ${k}`);
    this.objects.set(k, structuredClone(obj));
    return obj;
  }

  async replace<T extends AnyObject>(obj: T): Promise<T> {
    const k = this.key({ kind: obj.kind, ...obj.metadata });
    this.calls.push(`replace ${k}`);
    this.objects.set(k, structuredClone(obj));
    return obj;
  }

  async delete(ref: Ref): Promise<void> {
    const k = this.key(ref);
    this.calls.push(`delete ${k}`);
    if (!this.objects.delete(k)) throw apiError(`"${ref.name}" not found`, 404, 'NotFound');
  }

  async apply(obj: AnyObject): Promise<void> {
    this.calls.push(`apply ${this.key({ kind: obj.kind, ...obj.metadata })}`);
    this.objects.set(this.key({ kind: obj.kind, ...obj.metadata }), structuredClone(obj));
  }

  async streamLogs(req: LogRequest): Promise<void> {
    this.calls.push(`logs ${req.pod}/${req.container}${req.follow ? ' -f' : ''}`);
    const log = this.logs[req.container];
    if (log instanceof Error) {
      delete this.logs[req.container]; // fail once, then (in follow mode) the retry finds nothing
      throw log;
    }
    if (log !== undefined) req.out.write(log);
  }
}
