/**
 * Debian's buildah with the settings that work on these machines: vfs
 * storage and chroot isolation (no daemon, no runc), its store in the cache
 * folder (LOCAL-NODE.md "Images without a registry").
 */
import { join } from 'node:path';
import { run } from './run.js';

export class Buildah {
  constructor(
    private readonly storeDir: string,
    private readonly log: string,
  ) {}

  withLog(log: string): Buildah {
    return new Buildah(this.storeDir, log);
  }

  cmd(args: readonly string[], cwd?: string): Promise<string> {
    const global = [
      '--root',
      join(this.storeDir, 'root'),
      '--runroot',
      join(this.storeDir, 'run'),
      '--storage-driver',
      'vfs',
    ];
    return run('buildah', [...global, ...args], { log: this.log, ...(cwd ? { cwd } : {}) });
  }

  async hasImage(ref: string): Promise<boolean> {
    try {
      await this.cmd(['inspect', '--type', 'image', '--format', '{{.FromImageID}}', ref]);
      return true;
    } catch {
      return false;
    }
  }

  fromScratch(): Promise<string> {
    return this.cmd(['from', 'scratch']);
  }

  mount(container: string): Promise<string> {
    return this.cmd(['mount', container]);
  }

  async removeContainer(container: string): Promise<void> {
    await this.cmd(['rm', container]).catch(() => undefined);
  }

  async commit(container: string, ref: string): Promise<void> {
    await this.cmd(['commit', '--format', 'docker', container, ref]);
  }

  async tag(ref: string, ...names: string[]): Promise<void> {
    await this.cmd(['tag', ref, ...names]);
  }

  async push(ref: string, tar: string): Promise<void> {
    await this.cmd(['push', ref, `docker-archive:${tar}:${ref}`]);
  }

  async removeImage(ref: string): Promise<void> {
    await this.cmd(['rmi', ref]).catch(() => undefined);
  }

  /** Image names in the store, as `name:tag`. */
  async imageNames(): Promise<string[]> {
    const out = await this.cmd(['images', '--format', '{{.Name}}:{{.Tag}}']);
    return out.split('\n').filter((l) => l !== '');
  }
}
