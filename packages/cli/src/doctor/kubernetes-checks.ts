import { checkKubernetesAccess } from '@llmsb/backend-k8s';
import { recipeImageTag } from '@llmsb/backend-docker';
import { describeCause } from '@llmsb/core';
import { LANGUAGES } from '../languages.js';
import type { Check } from './checks.js';

/** The kube config's cluster answers, and its identity holds the backend's Role in `namespace`. */
export async function kubernetesChecks(namespace?: string): Promise<Check[]> {
  let report;
  try {
    report = await checkKubernetesAccess(undefined, namespace);
  } catch (error) {
    return [{ status: 'fail', text: `No usable kube config: ${describeCause(error)}`, fix: 'Set KUBECONFIG or create ~/.kube/config.' }];
  }
  if (report.error !== undefined) {
    return [
      {
        status: 'fail',
        text: `The Kubernetes API server at ${report.server} did not answer: ${report.error}`,
        fix: 'Check the current context of your kube config (kubectl config current-context).',
      },
    ];
  }
  const checks: Check[] = [{ status: 'ok', text: `Kubernetes API server reachable at ${report.server} (${report.version})` }];
  checks.push(
    report.missing.length === 0
      ? { status: 'ok', text: `may run sandboxes in namespace ${report.namespace}` }
      : {
          status: 'fail',
          text: `may not ${report.missing.join(', ')} in namespace ${report.namespace}`,
          fix: `Apply the Role in @llmsb/backend-k8s/rbac/role.yaml to namespace ${report.namespace} and bind it to this identity (kubectl create rolebinding llmsb --role llmsb-sandbox --user NAME -n ${report.namespace}).`,
        },
  );
  const python = LANGUAGES.find((language) => language.name === 'python');
  if (python) {
    checks.push({
      status: 'note',
      text: `the nodes must be able to get the sandbox images (python: ${recipeImageTag(python.imageRecipe)}); llmsb cannot check what a node has`,
      fix: 'Push the images to a registry the nodes pull from, or import them on each node: docker save IMAGE | ctr -n k8s.io images import -',
    });
  }
  return checks;
}
