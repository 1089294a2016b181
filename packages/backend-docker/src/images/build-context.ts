import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { packFiles, ValidationError, type TarFile } from '@llmsb/core';
import { CA_CONTEXT_DIR, SUPERVISOR_CONTEXT_FILE } from './render-dockerfile.js';

export interface CaCertificate {
  readonly name: string;
  readonly pem: string;
}

/** Where Debian and Ubuntu keep locally added CAs (a corporate or proxy CA lives here). */
const HOST_LOCAL_CAS = '/usr/local/share/ca-certificates';

/**
 * Reads extra CA certificates (PEM files, or folders of `*.crt` / `*.pem`). Default: the
 * `LLMSB_EXTRA_CA_CERTS` environment variable (a `:`-separated list of paths; empty for none),
 * else the host's locally added CAs, so images trust what the host was told to trust.
 */
export async function readCaCertificates(paths?: readonly string[]): Promise<CaCertificate[]> {
  const fromEnv = process.env['LLMSB_EXTRA_CA_CERTS'];
  const hostDefault = existsSync(HOST_LOCAL_CAS) ? [HOST_LOCAL_CAS] : [];
  const sources = paths ?? (fromEnv === undefined ? hostDefault : fromEnv.split(':').filter(Boolean));
  const certificates: CaCertificate[] = [];
  for (const source of sources) {
    const info = await stat(source).catch(() => undefined);
    if (!info) throw new ValidationError(`Extra CA certificate "${source}" does not exist.`);
    const files = info.isDirectory()
      ? (await readdir(source))
          .filter((f) => /\.(crt|pem)$/.test(f))
          .sort()
          .map((f) => join(source, f))
      : [source];
    for (const file of files) {
      const pem = await readFile(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new ValidationError(`Extra CA certificate "${file}" is not a PEM certificate.`);
      }
      certificates.push({ name: `${certificates.length}-${basename(file).replace(/\.(pem|crt)$/, '')}.crt`, pem });
    }
  }
  return certificates;
}

/** Short hash identifying a set of CA certificates ("none" for the empty set). */
export function caCertificatesHash(certificates: readonly CaCertificate[]): string {
  if (certificates.length === 0) return 'none';
  const hash = createHash('sha256');
  for (const certificate of certificates) hash.update(certificate.pem);
  return hash.digest('hex').slice(0, 16);
}

/** The build context: the Dockerfile plus the CA folder and the supervisor binary the Dockerfile copies. */
export function buildContext(dockerfile: string, certificates: readonly CaCertificate[], supervisor: Uint8Array): Promise<Uint8Array> {
  const files: TarFile[] = [
    { name: 'Dockerfile', content: dockerfile },
    { name: SUPERVISOR_CONTEXT_FILE, content: supervisor, mode: 0o555 },
    { name: `${CA_CONTEXT_DIR}/README`, content: 'Extra CA certificates trusted by this image.\n' },
    ...certificates.map((c) => ({ name: `${CA_CONTEXT_DIR}/${c.name}`, content: c.pem })),
  ];
  return packFiles(files);
}
