import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, requireDocker } from './helpers.js';

/** The MCP Inspector's own launcher, in CLI mode (`--cli`): a second, independent client. */
const inspectorPackage = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json');
const INSPECTOR = join(dirname(inspectorPackage), 'clients/launcher/build/index.js');

function inspect(...args: string[]): unknown {
  const run = spawnSync(process.execPath, [INSPECTOR, '--cli', process.execPath, CLI_BIN, 'mcp', ...args], { encoding: 'utf8', timeout: 90_000 });
  expect(run.status, run.stderr).toBe(0);
  // The inspector passes the server's stderr through; the answer is the JSON document.
  return JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
}

describe('llmsb mcp under the MCP Inspector CLI', () => {
  beforeAll(async () => {
    await requireDocker();
  });

  it('lists the tools', () => {
    const listed = inspect('--method', 'tools/list') as { tools: { name: string }[] };
    expect(listed.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['execute_code', 'open_session', 'run_in_session', 'close_session', 'list_languages']),
    );
  });

  it('calls execute_code and gets the structured result', () => {
    const called = inspect(
      '--method',
      'tools/call',
      '--tool-name',
      'execute_code',
      '--tool-arg',
      'language=python',
      '--tool-arg',
      'code=print(6*7)',
    ) as {
      structuredContent: unknown;
    };
    expect(called.structuredContent).toMatchObject({ status: 'completed', exitCode: 0, stdout: '42\n', plots: [] });
  });
});
