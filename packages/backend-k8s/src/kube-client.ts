import { Attach, CoreV1Api, Exec, KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import { ValidationError } from '@llmsb/core';

/** The client-node objects the backend uses, built from one kube config. */
export interface KubeClient {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly networking: NetworkingV1Api;
  readonly exec: Exec;
  readonly attach: Attach;
  /** The API server's address, for error messages. */
  readonly server: string;
  /** The current context's namespace, else `'default'` (as kubectl picks it). */
  readonly namespace: string;
}

/**
 * A `KubeConfig` given by the user (backend option or the session's `client`), else the default
 * one: `$KUBECONFIG`, `~/.kube/config`, or the in-cluster service account.
 */
export function connectKube(client: unknown): KubeClient {
  if (client !== undefined && !(client instanceof KubeConfig)) {
    throw new ValidationError("The Kubernetes backend's client must be a KubeConfig from @kubernetes/client-node.");
  }
  let config = client;
  if (!config) {
    config = new KubeConfig();
    config.loadFromDefault();
  }
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    networking: config.makeApiClient(NetworkingV1Api),
    exec: new Exec(config),
    attach: new Attach(config),
    server: config.getCurrentCluster()?.server ?? 'the Kubernetes API server',
    namespace: config.getContextObject(config.getCurrentContext())?.namespace ?? 'default',
  };
}

/** HTTP status of a client-node `ApiException`, if it is one. */
export function apiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
