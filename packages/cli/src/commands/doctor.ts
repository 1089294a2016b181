import { noPositionals, oneOf, parse } from '../args.js';
import { baseCheck, engineCheck, imageChecks, runtimeCheck, type Check } from '../doctor/checks.js';
import { kubernetesChecks } from '../doctor/kubernetes-checks.js';

export const doctorUsage = `Usage: llmsb doctor [--backend docker|kubernetes] [--namespace NS]

Docker (default): checks that the engine answers, that each language's image is present and where
image builds get their base. Kubernetes: checks that the kube config's API server answers and that
its identity may do what sessions do in the namespace (default: the context's). Prints what to do
about each problem. Exits 1 when something must be fixed.
`;

const OPTIONS = {
  backend: { type: 'string' },
  namespace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MARK = { ok: '[ok]  ', fail: '[FAIL]', note: '[note]' } as const;

export async function doctorCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(doctorUsage);
    return 0;
  }
  noPositionals('doctor', positionals);
  const backend = values.backend === undefined ? 'docker' : oneOf('--backend', values.backend, ['docker', 'kubernetes'] as const);
  const checks = backend === 'kubernetes' ? await kubernetesChecks(values.namespace) : await dockerChecks();
  for (const check of checks) {
    process.stdout.write(`${MARK[check.status]} ${check.text}\n`);
    if (check.fix) process.stdout.write(`       -> ${check.fix}\n`);
  }
  const failures = checks.filter((check) => check.status === 'fail').length;
  process.stdout.write(failures === 0 ? 'All checks passed.\n' : `${failures} check(s) failed.\n`);
  return failures === 0 ? 0 : 1;
}

async function dockerChecks(): Promise<Check[]> {
  const { check: engine, docker } = await engineCheck();
  const checks: Check[] = [engine];
  if (docker) checks.push(...(await imageChecks(docker)), await runtimeCheck(docker));
  else checks.push({ status: 'note', text: 'images not checked: the engine is not reachable' });
  checks.push(await baseCheck(docker));
  return checks;
}
