import { noPositionals, parse } from '../args.js';
import { baseCheck, engineCheck, imageChecks, type Check } from '../doctor/checks.js';

export const doctorUsage = `Usage: llmsb doctor

Checks that the Docker engine answers, that each language's image is present and where image
builds get their base; prints what to do about each problem. Exits 1 when something must be fixed.
`;

const MARK = { ok: '[ok]  ', fail: '[FAIL]', note: '[note]' } as const;

export async function doctorCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(doctorUsage);
    return 0;
  }
  noPositionals('doctor', positionals);
  const { check: engine, docker } = await engineCheck();
  const checks: Check[] = [engine];
  if (docker) checks.push(...(await imageChecks(docker)));
  else checks.push({ status: 'note', text: 'images not checked: the engine is not reachable' });
  checks.push(await baseCheck(docker));
  for (const check of checks) {
    process.stdout.write(`${MARK[check.status]} ${check.text}\n`);
    if (check.fix) process.stdout.write(`       -> ${check.fix}\n`);
  }
  const failures = checks.filter((check) => check.status === 'fail').length;
  process.stdout.write(failures === 0 ? 'All checks passed.\n' : `${failures} check(s) failed.\n`);
  return failures === 0 ? 0 : 1;
}
