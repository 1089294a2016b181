import { z } from 'zod';
import { shownValue } from './workdir.js';

// The Docker image reference grammar (github.com/distribution/reference):
//   reference := name [":" tag] ["@" digest]
//   name      := [domain "/"] path-component ["/" path-component]*
//   domain    := host [":" port]    (an IPv6 host in brackets)
// The first component is the registry only when it has a "." or a ":" or is "localhost", as the
// docker CLI decides; so `UPPER/case` is a repository path, and uppercase there is refused.
const ALPHA_NUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALPHA_NUMERIC}(?:${SEPARATOR}${ALPHA_NUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Docker's limit on the name (registry and path), tag and digest excluded. */
const NAME_MAX = 255;

const FORM = '[host[:port]/]path[:tag][@sha256:<64 hex>], path components of lowercase letters and digits separated by ., _, __ or -';

/** Why `image` is not a valid Docker image reference, or undefined when it is one. */
export function imageNameProblem(image: string): string | undefined {
  const bad = (why: string): string => `image ${shownValue(image)} ${why}`;
  if (image === '') return bad(`is empty; give an image reference, ${FORM}`);
  const at = image.indexOf('@');
  const beforeDigest = at === -1 ? image : image.slice(0, at);
  if (at !== -1 && !DIGEST.test(image.slice(at + 1))) return bad('has a digest that is not sha256:<64 lowercase hex digits>');
  const slash = beforeDigest.indexOf('/');
  const first = slash === -1 ? '' : beforeDigest.slice(0, slash);
  const hasDomain = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain && !DOMAIN.test(first)) return bad(`has a registry ${shownValue(first)} that is not a host name with an optional :port`);
  const remainder = hasDomain ? beforeDigest.slice(slash + 1) : beforeDigest;
  // The tag follows the last ":" after the last "/" (a registry port comes before a "/").
  const colon = remainder.lastIndexOf(':');
  const path = colon > remainder.lastIndexOf('/') ? remainder.slice(0, colon) : remainder;
  const tag = path === remainder ? undefined : remainder.slice(colon + 1);
  if (tag !== undefined && !TAG.test(tag))
    return bad(`has a tag ${shownValue(tag)} that is not 1-128 of letters, digits, _, . and - (not starting with . or -)`);
  if (!PATH.test(path)) {
    if (PATH.test(path.toLowerCase())) return bad('has uppercase letters in its repository path, which Docker refuses; use lowercase');
    return bad(`is not a valid Docker image reference: expected ${FORM}`);
  }
  const nameLength = (hasDomain ? first.length + 1 : 0) + path.length;
  if (nameLength > NAME_MAX) return bad(`has a name of ${nameLength} characters, over Docker's limit of ${NAME_MAX}`);
  return undefined;
}

/** The `image` session option: a string that `imageNameProblem` accepts. */
export const imageNameSchema = z.string().superRefine((image, context) => {
  const problem = imageNameProblem(image);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});
