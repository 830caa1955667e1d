import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AGENT_TYPES } from '../../../functions/core/api/types.js';
import {
  contextSources,
  firstFrom,
  fullImageName,
  instructions,
} from '../../../scripts/images/dockerfile-inputs.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('images: Dockerfile inputs', () => {
  it('joins continuation lines and drops comments and blank lines', () => {
    const text = '# c\nFROM a\n\nRUN x \\\n  && y\n# hadolint ignore=DL3008\nCOPY a b\n';
    expect(instructions(text)).to.deep.equal(['FROM a', 'RUN x    && y', 'COPY a b']);
  });

  it('lists COPY and ADD sources, flags skipped, --from stages ignored, ./ trimmed', () => {
    const text = [
      'FROM node:20 AS build',
      'COPY --chmod=0755 agents/x.mjs /kelos/x',
      'COPY ./a.json b.json /dst/',
      'COPY --from=build /src/dist ./dist',
      'ADD --chown=1:1 c.txt /c',
    ].join('\n');
    expect(contextSources(text)).to.deep.equal(['agents/x.mjs', 'a.json', 'b.json', 'c.txt']);
  });

  it('refuses what it cannot hash: patterns, variables, URLs, JSON form, a COPY without destination', () => {
    expect(() => contextSources('COPY *.json /x')).to.throw(/pattern or variable/);
    expect(() => contextSources('COPY ${F} /x')).to.throw(/pattern or variable/);
    expect(() => contextSources('ADD https://example.org/x.tgz /x')).to.throw(/URL/);
    expect(() => contextSources('COPY ["a", "/b"]')).to.throw(/JSON form/);
    expect(() => contextSources('COPY a')).to.throw(/source and a destination/);
  });

  it('finds the first FROM (platform flag skipped) and refuses a Dockerfile without one', () => {
    expect(firstFrom('ARG B=x\nFROM --platform=linux/amd64 ${B} AS s\nFROM y')).to.equal('${B}');
    expect(() => firstFrom('RUN true')).to.throw(/no FROM/);
  });

  it('spells Docker Hub short names the way the image store does', () => {
    expect(fullImageName('node:20.19.5-bookworm-slim')).to.equal(
      'docker.io/library/node:20.19.5-bookworm-slim',
    );
    expect(fullImageName('alpine/git:v2')).to.equal('docker.io/alpine/git:v2');
    expect(fullImageName('localhost/kelos-base:1')).to.equal('localhost/kelos-base:1');
    expect(fullImageName('ghcr.io/a/b:1')).to.equal('ghcr.io/a/b:1');
    expect(fullImageName('localhost:5000/a:1')).to.equal('localhost:5000/a:1');
  });

  it("reads the project's own Dockerfiles: three copied files per agent, none for git", () => {
    for (const type of AGENT_TYPES) {
      const text = readFileSync(`${REPO}agents/${type}/Dockerfile`, 'utf8');
      expect(contextSources(text), type).to.deep.equal([
        'agents/capture/dist/kelos-capture.mjs',
        'agents/setup/dist/kelos-agent-setup.mjs',
        `agents/${type}/kelos_entrypoint.sh`,
      ]);
      expect(firstFrom(text)).to.equal('node:20.19.5-bookworm-slim');
    }
    const git = readFileSync(`${REPO}scripts/images/git/Dockerfile`, 'utf8');
    expect(contextSources(git)).to.deep.equal([]);
    expect(firstFrom(git)).to.equal('${BASE}');
  });
});
