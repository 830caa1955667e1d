/**
 * Structural lint of the agent Dockerfiles (no container engine here): pinned
 * base image and CLI version (the same the agent tests install), git and gh,
 * UID 61100, the capture and setup tools and the entrypoint installed where
 * Kelos expects them. hadolint and shellcheck run too when they are installed.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinnedAgentClis } from '../../../scripts/agent-clis/agent-clis.js';

const AGENTS = fileURLToPath(new URL('../../../agents/', import.meta.url));
const TYPES: Record<string, { pkg: string; bin: string; user: string }> = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', bin: 'claude', user: 'claude' },
  codex: { pkg: '@openai/codex', bin: 'codex', user: 'agent' },
  gemini: { pkg: '@google/gemini-cli', bin: 'gemini', user: 'agent' },
  opencode: { pkg: 'opencode-ai', bin: 'opencode', user: 'agent' },
};

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('agents Dockerfiles', () => {
  const pinned = pinnedAgentClis();

  it('install.sh pins exactly the four agent CLIs', () => {
    expect(pinned.map((p) => p.pkg).sort()).to.deep.equal(
      Object.values(TYPES)
        .map((t) => t.pkg)
        .sort(),
    );
    for (const p of pinned) expect(p.version).to.match(/^\d+\.\d+\.\d+$/);
  });

  for (const [type, want] of Object.entries(TYPES)) {
    describe(type, () => {
      const text = readFileSync(`${AGENTS}${type}/Dockerfile`, 'utf8');
      const args = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));

      it('names a pinned base image, never latest', () => {
        const from = /^FROM (\S+)/m.exec(text)?.[1] ?? '';
        expect(from).to.match(/^[\w./-]+:\d+\.\d+\.\d+-[\w-]+$/);
        expect(text).to.not.match(/:latest\b|@latest\b/);
      });

      it('installs the CLI version the tests run', () => {
        const install = new RegExp(
          `npm install -g [^\\n]*"${want.pkg.replace('/', '\\/')}@\\$\\{(\\w+)\\}"`,
        ).exec(text);
        expect(install, 'npm install -g "<pkg>@${VERSION}"').to.not.equal(null);
        const version = args[install?.[1] ?? ''];
        expect(version).to.equal(pinned.find((p) => p.pkg === want.pkg)?.version);
      });

      it('has git and a pinned gh', () => {
        expect(text).to.match(/apt-get install[^\n]*\bgit\b/);
        expect(args['GH_VERSION']).to.match(/^\d+\.\d+\.\d+$/);
        expect(text).to.include('/usr/local/bin/gh');
      });

      it(`runs as UID 61100 (${want.user}) in /workspace`, () => {
        expect(text).to.match(new RegExp(`useradd --uid 61100 --gid 61100 [^\\n]*\\b${want.user}\\b`));
        expect(text).to.match(/^USER 61100$/m);
        expect(text).to.match(/^WORKDIR \/workspace$/m);
      });

      it('installs kelos-capture, kelos-agent-setup and the executable entrypoint', () => {
        expect(text).to.include(
          'COPY --chmod=0755 agents/capture/dist/kelos-capture.mjs /kelos/kelos-capture',
        );
        expect(text).to.include(
          'COPY --chmod=0755 agents/setup/dist/kelos-agent-setup.mjs /kelos/kelos-agent-setup',
        );
        expect(text).to.include(`COPY --chmod=0755 agents/${type}/kelos_entrypoint.sh /kelos_entrypoint.sh`);
        expect(text).to.match(new RegExp(`^ENTRYPOINT \\["${want.bin}"\\]$`, 'm'));
      });

      it('copies only files that exist in the repository (build context = repo root)', () => {
        const sources = [...text.matchAll(/^COPY (?:--\S+ )*(\S+) \S+$/gm)].map((m) => m[1] ?? '');
        expect(sources).to.have.length(3);
        for (const src of sources) expect(existsSync(`${AGENTS}../${src}`), src).to.equal(true);
      });

      it('the entrypoint follows the interface: bash, set -uo pipefail, no exec, tee, capture, agent exit code', () => {
        const sh = readFileSync(`${AGENTS}${type}/kelos_entrypoint.sh`, 'utf8');
        expect(sh.startsWith('#!/bin/bash\n')).to.equal(true);
        expect(sh).to.match(/^set -uo pipefail$/m);
        const code = sh.split('\n').filter((l) => !l.trimStart().startsWith('#'));
        expect(code.filter((l) => /^\s*exec\b|\bset -e/.test(l))).to.deep.equal([]);
        // The agent runs through run_agent (background + tee + wait, so PID 1 can pass signals on), then finish.
        expect(sh).to.match(
          new RegExp(`^run_agent "\\$AGENT_STDIN" ${want.bin} "\\$\\{ARGS\\[@\\]\\}"$`, 'm'),
        );
        expect(sh).to.include('tee "$KELOS_AGENT_OUTPUT"');
        expect(sh).to.include("trap 'on_signal TERM' TERM");
        expect(sh).to.include('"$KELOS_CAPTURE"');
        expect(sh.trimEnd().endsWith('\nfinish')).to.equal(true);
      });
    });
  }

  it('the common part (prompt, signals, run_agent, finish) is the same text in all four entrypoints', () => {
    const part = (type: string): string => {
      const sh = readFileSync(`${AGENTS}${type}/kelos_entrypoint.sh`, 'utf8');
      const start = sh.indexOf('# --- kelos common part');
      const end = sh.indexOf('# --- end of the kelos common part ---');
      expect(start, type).to.be.greaterThan(0);
      expect(end, type).to.be.greaterThan(start);
      return sh.slice(start, end);
    };
    const [first, ...rest] = Object.keys(TYPES);
    for (const type of rest) expect(part(type), type).to.equal(part(first!));
  });

  it('hadolint finds nothing (when hadolint is installed)', function () {
    if (!onPath('hadolint')) this.skip();
    execFileSync(
      'hadolint',
      Object.keys(TYPES).map((t) => `${AGENTS}${t}/Dockerfile`),
      { stdio: 'pipe' },
    );
  });

  it('shellcheck finds nothing in the entrypoints (when shellcheck is installed)', function () {
    if (!onPath('shellcheck')) this.skip();
    execFileSync(
      'shellcheck',
      Object.keys(TYPES).map((t) => `${AGENTS}${t}/kelos_entrypoint.sh`),
      { stdio: 'pipe' },
    );
  });
});
