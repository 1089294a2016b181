import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode, scannerSyntaxes, securityPresets } from '@llmsb/security';

const PRESETS = Object.keys(securityPresets);
const DESTRUCTIVE = 'Destroys the file system or disks (rm -rf /, mkfs, dd to a device, fork bomb)';

/** A shell command as model-written code carries it: inside a string passed to a shell. */
const WRAP = {
  python: (command: string) => `import os\nos.system(${JSON.stringify(command)})`,
  javascript: (command: string) => `require('child_process').execSync(${JSON.stringify(command)});`,
  cpp: (command: string) => `#include <cstdlib>\nint main() { return std::system(${JSON.stringify(command)}); }`,
  ruby: (command: string) => `system(${JSON.stringify(command)})`,
  r: (command: string) => `system(${JSON.stringify(command)})`,
  go: (command: string) => `exec.Command("sh", "-c", ${JSON.stringify(command)}).Run()`,
  java: (command: string) => `new ProcessBuilder("sh", "-c", ${JSON.stringify(command)}).start();`,
} as const;

/** Whether the destructive-command rule of `preset` fires on `command` in `language`. */
function destructive(preset: string, language: keyof typeof WRAP, command: string): boolean {
  const result = scanCode(WRAP[language](command), getSecurityPolicy(preset), scannerSyntaxes[language], language);
  return result.violations.some((v) => v.description === DESTRUCTIVE && v.blocking);
}

const LANGUAGES = Object.keys(WRAP) as (keyof typeof WRAP)[];

describe('dd and the destructive-command rule', () => {
  const harmless = [
    'dd if=/dev/zero of=/sandbox/f bs=1M count=10',
    'dd if=/dev/urandom of=/sandbox/f bs=1M count=10',
    'dd of=/tmp/out.bin if=/dev/zero bs=4k count=1',
    // writes into the bit bucket (a disk benchmark) are harmless too
    'dd if=/dev/zero of=/dev/null bs=1M count=10',
    'dd if=/sandbox/f of=/dev/null status=none',
    'dd if=/dev/urandom of=/dev/stdout bs=16 count=1 | xxd',
  ];

  it.each(harmless)('does not flag %j under any preset or language', (command) => {
    for (const preset of PRESETS) {
      for (const language of LANGUAGES) {
        expect(destructive(preset, language, command), `${preset}/${language}`).toBe(false);
      }
    }
  });

  const dangerous = [
    'dd if=/dev/zero of=/dev/sda bs=1M',
    'dd if=/dev/urandom of=/dev/nvme0n1',
    'dd if=image.iso of=/dev/sdb1 bs=4M',
    'dd if=/dev/zero of=/dev/mapper/root',
    'dd if=/dev/zero of=/dev/nullx',
    'dd if=/dev/zero of=/dev/null of=/dev/sda',
    'dd if=/dev/zero of=/dev/null; dd if=/dev/zero of=/dev/sda',
  ];

  it.each(dangerous)('flags %j under every preset and language', (command) => {
    for (const preset of PRESETS) {
      for (const language of LANGUAGES) {
        expect(destructive(preset, language, command), `${preset}/${language}`).toBe(true);
      }
    }
  });
});
