import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host names that reach only this machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** `Host` header values a loopback server answers: anything else is a DNS-rebinding attempt. */
export function allowedHostsFor(host: string, port: number, extra: readonly string[] = []): string[] {
  const names = isLoopback(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return [...names.map((name) => `${name}:${port}`), ...extra];
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasBearerToken(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
