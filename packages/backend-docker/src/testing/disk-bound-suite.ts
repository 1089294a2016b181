import { statfs } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ResourceError, type Session, type SessionOptions } from '@llmsb/core';

export interface DiskBoundSuiteOptions {
  /** Opens a python session on the engine under test with these options merged in. */
  readonly open: (options?: SessionOptions) => Promise<Session>;
  /** Where the engine keeps containers on this host (its disk must not grow past the bound). */
  readonly dataRoot: () => Promise<string>;
  /** Whether the engine bounds file counts (`maxFiles`). */
  readonly inodeLimit: boolean;
  /**
   * Check that the code can write nowhere else (a `find /`). Default: true. The answer depends on
   * the image, not the runtime, so a slow runtime (gVisor on ptrace: ~30 s) can leave it to runc.
   */
  readonly layoutCheck?: boolean;
  /** An image that is not llmsb's, present in the engine's store; undefined: not tested here. */
  readonly foreignImage?: string | undefined;
}

/** Every place the python image's sandbox user can write; the suite checks there are no others. */
const WRITABLE_PLACES = ['/home/sandbox', '/opt/llmsb/matplotlib', '/run/lock', '/sandbox', '/tmp', '/var/tmp'];

/** Python that writes up to `mib` MiB into `name` in each place and prints `place errno MiB`. */
const fillEach = (places: readonly string[], mib: number, name = 'fill') => `
import errno, os
for place in ${JSON.stringify(places)}:
    path = os.path.join(place, ${JSON.stringify(name)})
    try:
        with open(path, 'wb') as f:
            for _ in range(${mib}):
                f.write(b'x' * (1 << 20))
                f.flush()
        print(place, 'OK', os.path.getsize(path) >> 20)
    except OSError as e:
        print(place, errno.errorcode[e.errno], os.path.getsize(path) >> 20)
`;

const freeMiB = async (path: string) => {
  const stats = await statfs(path);
  return (stats.bavail * stats.bsize) / 2 ** 20;
};

/**
 * `runtimeConfig.diskMB` and `maxFiles` on an engine sandbox: writes past the bound fail inside
 * with ENOSPC in every place the code can write, there are no other places, the engine's disk
 * does not grow, a full place is not an OOM kill, and images llmsb cannot bound are refused.
 */
export function describeDiskBound(name: string, suite: DiskBoundSuiteOptions): void {
  describe(`${name}: the disk bound`, () => {
    it('stops writes at diskMB with ENOSPC in every place the code can write, off the engine disk', async () => {
      await using session = await suite.open({ runtimeConfig: { diskMB: 32 } });
      const root = await suite.dataRoot();
      const before = await freeMiB(root);
      const result = await session.run(fillEach(WRITABLE_PLACES, 40));
      const after = await freeMiB(root);
      expect(result.stderr).toBe('');
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' '));
      expect(lines.map(([place]) => place)).toEqual(WRITABLE_PLACES);
      for (const [, outcome, mib] of lines) {
        expect(outcome).toBe('ENOSPC');
        expect(Number(mib)).toBeGreaterThanOrEqual(30);
        expect(Number(mib)).toBeLessThanOrEqual(32);
      }
      // 6 places × 32 MiB sit in memory; the engine's disk lost no more than one bound + 5 %.
      expect(before - after).toBeLessThanOrEqual(32 * 1.05);
      expect((await session.run('print("still usable")')).stdout).toBe('still usable\n');
    });

    if (suite.layoutCheck ?? true) {
      it('leaves the code no other place to write', async () => {
        await using session = await suite.open();
        const found = await session.executeCommand(
          'find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o ! -type l -writable -print 2>/dev/null | sort',
        );
        expect(found.stdout.trim().split('\n')).toEqual(WRITABLE_PLACES);
        // Seeded places start with the image's content: matplotlib imports without rebuilding or warning.
        const mpl = await session.run('import matplotlib.pyplot as plt, os\nprint(sorted(os.listdir(os.environ["MPLCONFIGDIR"])))');
        expect(mpl).toMatchObject({ exitCode: 0, stderr: '', stdout: "['fontlist-v330.json']\n" });
      });
    }

    it('a full place under a small memory limit is ENOSPC, not an OOM kill', async () => {
      await using session = await suite.open({ runtimeConfig: { memoryMB: 96, diskMB: 128 } });
      const result = await session.run(fillEach(['/sandbox'], 160));
      // The program's own file sits in the workdir too.
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toMatch(/^\/sandbox ENOSPC 12[78]\n$/);
    });

    if (suite.inodeLimit) {
      it('stops file creation at maxFiles with ENOSPC', async () => {
        await using session = await suite.open({ runtimeConfig: { maxFiles: 200 } });
        const result = await session.run(
          'import errno\ntry:\n    for i in range(400):\n        open(f"/tmp/f{i}", "w").close()\n    print("no bound")\nexcept OSError as e:\n    print(errno.errorcode[e.errno], i)',
        );
        expect(result.stdout).toMatch(/^ENOSPC 19\d\n$/);
      });
    } else {
      it('refuses maxFiles, which this engine cannot bound, with a ResourceError', async () => {
        await expect(suite.open({ runtimeConfig: { maxFiles: 200 } })).rejects.toThrow(ResourceError);
      });
    }

    const foreignImage = suite.foreignImage;
    if (foreignImage) {
      it('refuses an image whose writable places it does not know, unless read-only or opted out', async () => {
        const error = await suite.open({ image: foreignImage }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ResourceError);
        expect(String(error)).toMatch(/diskMB: null/);
        await using readOnly = await suite.open({ image: foreignImage, runtimeConfig: { readOnly: true, diskMB: 16 } });
        const filled = await readOnly.executeCommand('head -c 20M /dev/zero > /tmp/fill; echo $?; du -m /tmp/fill | cut -f1');
        expect(filled.stdout).toBe('1\n16\n');
        await using unbounded = await suite.open({ image: foreignImage, runtimeConfig: { diskMB: null } });
        expect((await unbounded.executeCommand('echo open')).stdout).toBe('open\n');
      });
    }
  });
}
