/**
 * Cold start of each function as its own process (the bundled build, as its
 * container runs it): time from spawn to the "ready" log line and to the first
 * 200 from /healthz, CPU time used by then (less sensitive to machine load
 * than wall time), and idle RSS one second after ready. For comparison: an
 * empty Node process, a bare import of @kubernetes/client-node, and a naive
 * unbundled process importing client-node, express, cloudevents and winston.
 *   npm run build && node --import tsx bench/function-start.ts [runs]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTION_NAMES } from '../functions/names.js';
import { percentile } from './stats.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const READY = "console.log(JSON.stringify({ message: 'x ready' })); setInterval(() => {}, 1000);";

interface Subject {
  name: string;
  args: string[];
  healthz: boolean;
}

interface Sample {
  readyMs: number;
  healthzMs: number;
  cpuMs: number;
  rssMB: number;
}

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: bench
contexts: [{ name: bench, context: { cluster: bench, user: bench } }]
clusters: [{ name: bench, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: bench, user: { token: bench } }]
`;

function subjects(): Subject[] {
  const fns = FUNCTION_NAMES.filter((n) => existsSync(join(ROOT, 'dist', 'functions', `${n}.mjs`))).map(
    (n) => ({
      name: n,
      args: [join(ROOT, 'dist', 'functions', `${n}.mjs`)],
      healthz: true,
    }),
  );
  return [
    ...fns,
    { name: '(node, empty)', args: ['-e', READY], healthz: false },
    {
      name: '(import client-node)',
      args: ['--input-type=module', '-e', `await import('@kubernetes/client-node'); ${READY}`],
      healthz: false,
    },
    {
      name: '(naive: 4 libs)',
      args: [
        '--input-type=module',
        '-e',
        `await Promise.all(['@kubernetes/client-node','express','cloudevents','winston'].map((m) => import(m))); ${READY}`,
      ],
      healthz: false,
    },
  ];
}

async function procStat(pid: number): Promise<{ cpuMs: number; rssMB: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return { cpuMs: ticks * 10, rssMB: rssKiB / 1024 };
}

async function measure(subject: Subject, env: NodeJS.ProcessEnv): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, subject.args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const line = await new Promise<string>((resolveLine, reject) => {
      let buffered = '';
      const timer = setTimeout(
        () => reject(new Error(`${subject.name}: not ready in 20 s: ${stderr}`)),
        20_000,
      );
      child.stdout.on('data', (c: Buffer) => {
        buffered += c.toString();
        const ready = buffered.split('\n').find((l) => / ready"/.test(l));
        if (ready) {
          clearTimeout(timer);
          resolveLine(ready);
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`${subject.name}: exited ${code} before ready: ${stderr.trim()}`)),
      );
    });
    const readyMs = performance.now() - t0;
    const { cpuMs } = await procStat(child.pid ?? 0);
    let healthzMs = NaN;
    if (subject.healthz) {
      const port = (JSON.parse(line) as { port?: number }).port;
      while (Number.isNaN(healthzMs)) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (res?.status === 200) healthzMs = performance.now() - t0;
        else await new Promise((r) => setTimeout(r, 5));
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
    const { rssMB } = await procStat(child.pid ?? 0);
    return { readyMs, healthzMs, cpuMs, rssMB };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function main(runs = 5): Promise<void> {
  const kubeconfig = join(tmpdir(), `kelos-bench-kubeconfig-${process.pid}`);
  await writeFile(kubeconfig, KUBECONFIG);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    PORT: '0',
    KUBECONFIG: kubeconfig,
    K_SINK: 'http://127.0.0.1:1',
    GITHUB_WEBHOOK_SECRET: 'bench-secret',
  };
  const list = subjects();
  const samples = new Map<string, Sample[]>(list.map((s) => [s.name, []]));
  console.log(
    `function start: ${runs} runs each, interleaved; node ${process.version}; load avg ${loadavg()[0]?.toFixed(1)}`,
  );
  for (let i = 0; i < runs; i++) {
    for (const s of list) {
      try {
        samples.get(s.name)?.push(await measure(s, env));
      } catch (err) {
        if (i === 0) console.log(`  ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
  const f = (v: number[], p: number) =>
    v.length && !v.every(Number.isNaN) ? percentile(v, p).toFixed(0) : '-';
  console.log(
    'name                   | ready p50/p90 ms | /healthz p50/p90 ms | cpu@ready p50 ms | idle RSS p50/p90 MB',
  );
  for (const [name, ss] of samples) {
    if (ss.length === 0) continue;
    const col = (k: keyof Sample) => ss.map((s) => s[k]);
    console.log(
      `${name.padEnd(22)} | ${`${f(col('readyMs'), 50)}/${f(col('readyMs'), 90)}`.padEnd(16)} | ${`${f(col('healthzMs'), 50)}/${f(col('healthzMs'), 90)}`.padEnd(19)} | ${f(col('cpuMs'), 50).padEnd(16)} | ${f(col('rssMB'), 50)}/${f(col('rssMB'), 90)}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  await main(Number(process.argv[2] ?? 5));
