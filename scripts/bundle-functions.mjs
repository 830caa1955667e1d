#!/usr/bin/env node
// Bundles each function into dist/functions/<name>.mjs with esbuild, for cold
// start: one file to read instead of hundreds of node_modules files, and code
// a function never calls (e.g. the kubeconfig parser in-cluster) split into
// chunks loaded only on first use. Functions without a main.ts yet are skipped.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readFunctionNames } from './function-names.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'functions');
const NAMES = await readFunctionNames(root);

// Each entry is a tiny generated module: the function's main() run by the runtime's runMain.
const entries = NAMES.filter((name) => existsSync(join(root, 'functions', name, 'main.ts')));
const skipped = NAMES.filter((name) => !entries.includes(name));

const plugin = {
  name: 'function-entries',
  setup(b) {
    b.onResolve({ filter: /^kelos-function:/ }, (args) => ({
      path: args.path.slice('kelos-function:'.length),
      namespace: 'kelos-function',
    }));
    b.onLoad({ filter: /.*/, namespace: 'kelos-function' }, (args) => ({
      contents:
        `import { main } from ${JSON.stringify(`./functions/${args.path}/main.ts`)};\n` +
        `import { runMain } from './functions/core/runtime/run-main.ts';\n` +
        `await runMain(${JSON.stringify(args.path)}, main);\n`,
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

// Old chunks (content-hashed names) would pile up; entries are rewritten below.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
if (existsSync(outdir)) {
  for (const f of readdirSync(outdir)) if (/\.mjs(\.map)?$/.test(f)) rmSync(join(outdir, f));
}

if (entries.length > 0) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((name) => [name, `kelos-function:${name}`])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [plugin],
    // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __kelosCreateRequire } from 'node:module'; const require = __kelosCreateRequire(import.meta.url);",
    },
  });
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (out.entryPoint) process.stdout.write(`bundled ${file} (${Math.round(out.bytes / 1024)} KiB)\n`);
  }
}
if (skipped.length > 0)
  process.stdout.write(`not bundled (no functions/<name>/main.ts yet): ${skipped.join(', ')}\n`);
