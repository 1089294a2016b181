import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('the built packages', () => {
  it('import with plain node (no TypeScript compiler in between)', () => {
    const run = (cwd: string, script: string) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' }).trim();
    expect(
      run(`${here}/..`, `const m = await import('@llmsb/mcp'); console.log(typeof m.McpService, typeof m.serveHttp, typeof m.serveStdio);`),
    ).toBe('function function function');
    // @llmsb/ai by its own name (its exports map), with the frameworks from its dev dependencies.
    const ai = `
      const ai = await import('@llmsb/ai');
      const aiSdk = await import('@llmsb/ai/ai-sdk');
      const langchain = await import('@llmsb/ai/langchain');
      console.log(typeof ai.toolResult, typeof ai.jsonSchemas.sandboxToolOutput, typeof aiSdk.aiSdkTools, typeof langchain.langchainTools);`;
    expect(run(`${here}/../../ai`, ai)).toBe('function object function function');
  });

  it('start `llmsb mcp --help` from the built CLI, on stdout', () => {
    const out = execFileSync(process.execPath, [`${here}/../../cli/dist/bin.js`, 'mcp', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: llmsb mcp');
    expect(out).toContain('--max-sessions N');
  });
});
