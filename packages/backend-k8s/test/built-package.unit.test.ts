// The built package, imported by plain `node` (vitest compiling TS on the fly would hide a broken dist/).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('imports from dist with plain node, exposes the plugin under kubernetes and k8s, and connects to nothing', () => {
  const script = `
    import { llmsbPlugins, k8sBackend } from '@llmsb/backend-k8s';
    const [plugin] = llmsbPlugins();
    console.log(JSON.stringify({ name: plugin.name, aliases: plugin.aliases, kind: plugin.kind, factory: typeof k8sBackend }));`;
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: '/nonexistent' },
  });
  expect(JSON.parse(output)).toEqual({ name: 'kubernetes', aliases: ['k8s'], kind: 'backend', factory: 'function' });
});
