import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { ContainerError, describeCause, ImageNotFoundError, ResourceError } from '@llmsb/core';
import type { KubeClient } from './kube-client.js';

/** Waiting reasons that mean the image cannot be had. */
const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);
/** Waiting reasons that will not fix themselves. */
const FATAL_REASONS = new Set(['CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
const POLL_MS = 100;

export interface WaitTarget {
  readonly kube: KubeClient;
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly deadlineMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Polls the pod until it runs. Never waits forever: a pod that cannot start (missing image,
 * unschedulable, crashing) or is still pending at the deadline is a typed error that carries
 * the pod's events, which say why.
 */
export async function waitForRunning(target: WaitTarget): Promise<V1Pod> {
  const { kube, name, namespace } = target;
  const deadline = Date.now() + target.deadlineMs;
  for (;;) {
    target.signal?.throwIfAborted();
    let pod: V1Pod;
    try {
      pod = await kube.core.readNamespacedPod({ name, namespace });
    } catch (error) {
      throw new ContainerError(`Reading pod ${namespace}/${name} from ${kube.server} failed: ${describeCause(error)}`, { cause: error });
    }
    const problem = diagnose(pod);
    if (problem === 'running') return pod;
    if (problem) throw await withEvents(target, problem);
    if (Date.now() >= deadline) {
      throw await withEvents(
        target,
        new ContainerError(`Pod ${namespace}/${name} did not start within ${target.deadlineMs} ms (phase ${pod.status?.phase ?? 'unknown'}).`),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// --- Internal helpers ---

type Problem = 'running' | Error | undefined;

function diagnose(pod: V1Pod): Problem {
  const name = pod.metadata?.name ?? 'pod';
  const image = pod.spec?.containers[0]?.image ?? 'the image';
  const phase = pod.status?.phase;
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
      return new ImageNotFoundError(
        status.image || image,
        `Pod ${name}: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}. Import the image into the cluster's runtime or push it to a registry the cluster can pull from.`,
      );
    }
    if (waiting?.reason && FATAL_REASONS.has(waiting.reason)) {
      return new ContainerError(`Pod ${name} cannot start: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}.`);
    }
  }
  if (phase === 'Failed' || phase === 'Succeeded')
    return new ContainerError(`Pod ${name} ended (${phase}${pod.status?.reason ? `: ${pod.status.reason}` : ''}) before it could run code.`);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
  if (unschedulable)
    return new ResourceError(`Pod ${name} cannot be scheduled: ${unschedulable.message ?? 'no node fits'}. Lower memoryMB/cpuCount or add capacity.`);
  const ready = pod.status?.containerStatuses?.every((s) => s.state?.running);
  if (phase === 'Running' && ready) return 'running';
  return undefined;
}

/** The same error with the pod's events appended (their absence is not worth failing over). */
async function withEvents(target: WaitTarget, error: Error): Promise<Error> {
  let events: CoreV1Event[] = [];
  try {
    const list = await target.kube.core.listNamespacedEvent({
      namespace: target.namespace,
      fieldSelector: `involvedObject.name=${target.name}`,
    });
    events = list.items;
  } catch {
    return error;
  }
  if (events.length === 0) return error;
  const lines = events.map((e) => `  ${e.type ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}`.trimEnd());
  error.message += `\nEvents of pod ${target.namespace}/${target.name}:\n${lines.join('\n')}`;
  return error;
}
