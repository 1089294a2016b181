import { AuthorizationV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { describeCause } from '@llmsb/core';
import { connectKube } from './kube-client.js';

/** What a session does in its namespace: the rules of rbac/role.yaml, one verb each. */
export const REQUIRED_ACCESS = [
  { group: '', resource: 'pods', verbs: ['create', 'get', 'list', 'delete', 'patch'] },
  { group: '', resource: 'pods/exec', verbs: ['create', 'get'] },
  { group: '', resource: 'pods/attach', verbs: ['create', 'get'] },
  { group: '', resource: 'events', verbs: ['list'] },
  { group: 'networking.k8s.io', resource: 'networkpolicies', verbs: ['create', 'delete'] },
] as const;

export interface AccessReport {
  /** The API server's address and version, or why it did not answer. */
  readonly server: string;
  readonly version?: string;
  readonly error?: string;
  readonly namespace: string;
  /** `verb resource` pairs the identity may not do; empty when it holds the Role. */
  readonly missing: string[];
}

/**
 * Asks the API server (SelfSubjectAccessReview, which every authenticated user may ask) whether
 * the kube config's identity may do what sessions do in `namespace`; for `llmsb doctor`.
 */
export async function checkKubernetesAccess(kubeConfig?: KubeConfig, namespace?: string): Promise<AccessReport> {
  const kube = connectKube(kubeConfig);
  const target = namespace ?? kube.namespace;
  let version: string;
  try {
    version = (await kube.config.makeApiClient(VersionApi).getCode()).gitVersion;
  } catch (error) {
    return { server: kube.server, error: describeCause(error), namespace: target, missing: [] };
  }
  const authorization = kube.config.makeApiClient(AuthorizationV1Api);
  const checks = REQUIRED_ACCESS.flatMap(({ group, resource, verbs }) =>
    verbs.map(async (verb) => {
      const [name = resource, subresource] = resource.split('/');
      const review = await authorization.createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { namespace: target, group, resource: name, ...(subresource ? { subresource } : {}), verb } } },
      });
      return review.status?.allowed ? undefined : `${verb} ${resource}`;
    }),
  );
  const missing = (await Promise.all(checks)).filter((entry): entry is string => entry !== undefined);
  return { server: kube.server, version, namespace: target, missing };
}
