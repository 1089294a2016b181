import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type Docker from 'dockerode';
import { createSession, LABELS, type PluginRegistry, type Session, type SessionOptions } from '@llmsb/core';
import { cleanupContainers } from '../cleanup.js';
import { imageExists } from '../images/engine-build.js';

export interface EngineSessionSuiteOptions {
  /** Engine name in test names, e.g. `Docker`. */
  readonly name: string;
  /** Options every session of the suite starts from (backend and `lang: 'python'`). */
  readonly session: SessionOptions;
  readonly registry: () => PluginRegistry;
  /** The engine's dockerode client, for inspecting and planting containers and images. */
  readonly engine: () => Docker;
  /** The Python image the sessions run on. */
  readonly image: string;
}

/**
 * A Python session's life on an engine that speaks the Docker API, the same on every such engine:
 * read-only roots, attaching to a container, committing, building from a Dockerfile, and the
 * cleanup sweep that never touches a live session. Engine differences stay in each backend's tests.
 */
export function describeEngineSession({ name, session, registry, engine, image }: EngineSessionSuiteOptions): void {
  const open = (options: Partial<SessionOptions> = {}): Promise<Session> => createSession({ ...session, ...options }, registry());

  describe(`a Python session's life on ${name}`, () => {
    it('runs code on a read-only root file system (the workdir is a writable tmpfs)', async () => {
      await using sandbox = await open({ runtimeConfig: { readOnly: true } });
      const result = await sandbox.run("open('/sandbox/out.txt', 'w').write('x')\nprint(open('/sandbox/out.txt').read())");
      expect(result).toMatchObject({ exitCode: 0, stdout: 'x\n' });
      expect((await sandbox.executeCommand('touch /etc/llmsb-should-fail')).exitCode).not.toBe(0);
    });

    it('attaches to an existing container by id and leaves it running at close', async () => {
      const container = await engine().createContainer({ Image: image, Cmd: ['sleep', 'infinity'], Labels: { 'llmsb.test': 'attach' } });
      await container.start();
      try {
        const attached = await open({ containerId: container.id });
        expect((await attached.run('print("attached")')).stdout).toBe('attached\n');
        await attached.close();
        expect((await container.inspect()).State.Running).toBe(true);
      } finally {
        await container.remove({ force: true });
      }
    });

    it('commits to a new tag it reports, never over the source image', async () => {
      const before = (await engine().getImage(image).inspect()).Id;
      const committing = await open({ commitContainer: true });
      await committing.executeCommand('echo committed > /sandbox/marker');
      const { committedImage } = await committing.close();
      // Podman stores it under a registry prefix and finds it by this short name all the same.
      expect(committedImage).toMatch(/^llmsb\/committed:python-\d+$/);
      expect((await engine().getImage(image).inspect()).Id).toBe(before);
      const reopened = await open({ image: committedImage });
      expect((await reopened.executeCommand('cat /sandbox/marker')).stdout).toBe('committed\n');
      await reopened.close();
      await engine()
        .getImage(committedImage ?? '')
        .remove({ force: true });
    });

    it('builds an image from a Dockerfile, removes it at close, and keeps it with keepTemplate', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'llmsb-dockerfile-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await writeFile(join(dir, 'Dockerfile'), `FROM ${image}\nRUN echo "from dockerfile" > /opt/llmsb-note\n`);
      const built = await open({ dockerfile: join(dir, 'Dockerfile') });
      expect((await built.executeCommand('cat /opt/llmsb-note')).stdout).toBe('from dockerfile\n');
      const builtImage = (
        await engine()
          .getContainer(built.containerId ?? '')
          .inspect()
      ).Config.Image;
      await built.close();
      expect(await imageExists(engine(), builtImage)).toBeUndefined();

      const kept = await open({ dockerfile: join(dir, 'Dockerfile'), keepTemplate: true });
      const keptImage = (
        await engine()
          .getContainer(kept.containerId ?? '')
          .inspect()
      ).Config.Image;
      await kept.close();
      expect(await imageExists(engine(), keptImage)).toBeDefined();
      await engine().getImage(keptImage).remove({ force: true });
      expect(await imageExists(engine(), image)).toBeDefined();
    });

    it('labels containers with their owner; cleanup removes dead owners and never a live session', async () => {
      const live = await open();
      const info = await engine()
        .getContainer(live.containerId ?? '')
        .inspect();
      expect(info.Config.Labels).toMatchObject({ [LABELS.managed]: 'true', [LABELS.ownerPid]: String(process.pid), [LABELS.session]: live.id });
      const orphan = await engine().createContainer({
        Image: image,
        Cmd: ['sleep', 'infinity'],
        Labels: { [LABELS.managed]: 'true', [LABELS.ownerHost]: hostname(), [LABELS.ownerPid]: '999999999' },
      });
      try {
        const report = await cleanupContainers(engine());
        expect(report.removed).toContain(orphan.id);
        expect(report.kept).toContain(live.containerId);
        expect((await live.run('print("alive")')).stdout).toBe('alive\n');
      } finally {
        await live.close();
        await orphan.remove({ force: true }).catch(() => undefined);
      }
      await expect(engine().getContainer(info.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    });
  });
}
