import { readFileSync } from 'node:fs';
import { loadYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { REQUIRED_ACCESS } from '@llmsb/backend-k8s';

interface Role {
  rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
}

describe('the documented Role (rbac/role.yaml)', () => {
  it('grants exactly what llmsb doctor checks for', () => {
    const role = loadYaml<Role>(readFileSync(new URL('../rbac/role.yaml', import.meta.url), 'utf8'));
    const granted = role.rules.flatMap((rule) => rule.resources.map((resource) => ({ group: rule.apiGroups[0], resource, verbs: rule.verbs })));
    expect(granted).toEqual(REQUIRED_ACCESS.map((entry) => ({ ...entry, verbs: [...entry.verbs] })));
  });
});
