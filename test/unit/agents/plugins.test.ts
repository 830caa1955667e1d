import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codexAgentToml, readPlugins, splitFrontmatter } from '../../../agents/setup/src/plugins.js';

describe('agents/setup plugins', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kelos-plugins-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the tree plugin-setup writes, sorted, ignoring stray files', () => {
    mkdirSync(join(root, 'b', 'skills', 's1'), { recursive: true });
    writeFileSync(join(root, 'b', 'skills', 's1', 'SKILL.md'), 'skill one');
    mkdirSync(join(root, 'b', 'skills', 'empty'), { recursive: true });
    mkdirSync(join(root, 'a', 'agents'), { recursive: true });
    writeFileSync(join(root, 'a', 'agents', 'z.md'), 'agent z');
    writeFileSync(join(root, 'a', 'agents', 'notes.txt'), 'ignored');
    writeFileSync(join(root, 'README'), 'ignored');
    expect(readPlugins(root)).to.deep.equal([
      { name: 'a', dir: join(root, 'a'), skills: [], agents: [{ name: 'z', content: 'agent z' }] },
      { name: 'b', dir: join(root, 'b'), skills: [{ name: 's1', content: 'skill one' }], agents: [] },
    ]);
  });

  it('no KELOS_PLUGIN_DIR or a missing dir means no plugins', () => {
    expect(readPlugins(undefined)).to.deep.equal([]);
    expect(readPlugins(join(root, 'missing'))).to.deep.equal([]);
  });

  it('splits YAML frontmatter from the body', () => {
    expect(splitFrontmatter('---\nname: x\ndescription: "Does y"\n---\nBody\n')).to.deep.equal({
      fields: { name: 'x', description: 'Does y' },
      body: 'Body\n',
    });
    expect(splitFrontmatter('No frontmatter')).to.deep.equal({ fields: {}, body: 'No frontmatter' });
  });

  it('codex custom agent: defaults name and description when the file has none', () => {
    expect(codexAgentToml('kelos', { name: 'helper', content: 'Say "hi".\n' })).to.equal(
      'name = "kelos-helper"\ndescription = "Agent helper from plugin kelos"\ndeveloper_instructions = "Say \\"hi\\"."\n',
    );
  });
});
