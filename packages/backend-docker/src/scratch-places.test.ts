import { describe, expect, it } from 'vitest';
import { ResourceError, runtimeConfigSchema, type RuntimeConfigInput } from '@llmsb/core';
import { formatScratchLabel, planScratch, scratchPreparation, scratchTmpfs, seedForCommit, type ScratchInput } from './scratch-places.js';

const llmsbLabels = { 'llmsb.user': 'sandbox', 'llmsb.installer': 'llmsb-installer' };
const input = (config: RuntimeConfigInput = {}, overrides: Partial<ScratchInput> = {}): ScratchInput => ({
  runtimeConfig: runtimeConfigSchema.parse(config),
  workdir: '/sandbox',
  imageName: 'llmsb/python:abc',
  imageLabels: { ...llmsbLabels, 'llmsb.scratch': 'owned=/opt/llmsb/cache;seeded=/opt/llmsb/cache' },
  execUser: 'sandbox',
  inodeLimit: true,
  ...overrides,
});

describe('the disk bound of an engine sandbox', () => {
  it('makes every place the sandbox user can write in an llmsb image a tmpfs of the default size', () => {
    const plan = planScratch(input());
    expect(plan).toEqual({
      sizeMB: 1024,
      maxFiles: 65_536,
      shared: ['/tmp', '/var/tmp', '/run/lock'],
      owned: ['/sandbox', '/home/sandbox', '/opt/llmsb/cache'],
      seeded: ['/opt/llmsb/cache'],
      owner: '1000:1000',
    });
    expect(scratchTmpfs(plan!, true)).toMatchObject({
      '/tmp': 'rw,exec,nosuid,nodev,size=1024m,nr_inodes=65536,mode=1777',
      '/sandbox': 'rw,exec,nosuid,nodev,size=1024m,nr_inodes=65536,uid=1000,gid=1000,mode=0755',
    });
  });

  it('copies seeds in, and chowns where the engine ignores uid= (never through a link)', () => {
    const plan = planScratch(input({ diskMB: 8 }))!;
    expect(scratchPreparation(plan, { ownershipByMount: true })).toBe(
      'cp -R /opt/llmsb/seed/opt/llmsb/cache/. /opt/llmsb/cache/ && chown -hR 1000:1000 /opt/llmsb/cache',
    );
    expect(scratchPreparation(plan, { ownershipByMount: false })).toBe(
      'cp -R /opt/llmsb/seed/opt/llmsb/cache/. /opt/llmsb/cache/ && chown -hR 1000:1000 /opt/llmsb/cache && chown -h 1000:1000 /sandbox && chown -h 1000:1000 /home/sandbox && chown -h 1000:1000 /opt/llmsb/cache',
    );
  });

  it("also bounds the image's workdir when the session works elsewhere", () => {
    expect(planScratch(input({}, { workdir: '/home/sandbox/work' }))?.owned).toEqual([
      '/home/sandbox/work',
      '/sandbox',
      '/home/sandbox',
      '/opt/llmsb/cache',
    ]);
  });

  it('seeds a commit with the owned places, copied as root with links kept as links', () => {
    const { script, label } = seedForCommit(planScratch(input())!);
    expect(script).toContain('rm -rf /opt/llmsb/seed/sandbox && mkdir -p /opt/llmsb/seed/sandbox && cp -a /sandbox/. /opt/llmsb/seed/sandbox/');
    expect(label).toBe('owned=/sandbox,/home/sandbox,/opt/llmsb/cache;seeded=/sandbox,/home/sandbox,/opt/llmsb/cache');
    expect(() => formatScratchLabel({ owned: ['/a b'] })).toThrow(ResourceError);
  });

  it('leaves out places the user mounts something over', () => {
    const plan = planScratch(input({ mounts: [{ source: 'data', target: '/sandbox', type: 'volume' }] }))!;
    expect(plan.owned).not.toContain('/sandbox');
  });

  it('has none with diskMB: null, and sizes a read-only root by tmpfsSizeMB then', () => {
    expect(planScratch(input({ diskMB: null }))).toBeUndefined();
    expect(planScratch(input({ diskMB: null, readOnly: true }))?.sizeMB).toBe(256);
  });

  it('refuses an image whose writable places are unknown unless the root is read-only or the bound is off', () => {
    const foreign = { imageName: 'python:3.12-slim', imageLabels: {}, execUser: 'root' };
    expect(() => planScratch(input({}, foreign))).toThrow(ResourceError);
    expect(() => planScratch(input({}, { execUser: 'root' }))).toThrow(/diskMB: null/);
    expect(planScratch(input({ readOnly: true }, foreign))).toMatchObject({ shared: ['/tmp'], owned: ['/sandbox'], owner: undefined });
    expect(planScratch(input({ diskMB: null }, foreign))).toBeUndefined();
  });

  it('bounds file counts only where the engine can, and says so when asked elsewhere', () => {
    expect(planScratch(input({}, { inodeLimit: false }))?.maxFiles).toBeNull();
    expect(() => planScratch(input({ maxFiles: 100 }, { inodeLimit: false }))).toThrow(/gVisor ignores it/);
    expect(planScratch(input({ maxFiles: null }))?.maxFiles).toBeNull();
  });
});
