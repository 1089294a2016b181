import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedHostsFor, hasBearerToken, isLoopback } from './http-guard.js';

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('HTTP guard', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.0.0.2', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.4', '::'].some(isLoopback)).toBe(false);
  });

  it('accepts only the Host headers of the bound address', () => {
    expect(allowedHostsFor('127.0.0.1', 3000)).toEqual(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']);
    expect(allowedHostsFor('10.0.0.5', 80, ['mcp.internal:80'])).toEqual(['10.0.0.5:80', 'mcp.internal:80']);
  });

  it('checks the bearer token', () => {
    expect(hasBearerToken(request('Bearer secret-token'), 'secret-token')).toBe(true);
    expect(hasBearerToken(request('bearer secret-token'), 'secret-token')).toBe(true);
    expect(hasBearerToken(request('Bearer secret-tokeN'), 'secret-token')).toBe(false);
    expect(hasBearerToken(request('Basic c2VjcmV0'), 'secret-token')).toBe(false);
    expect(hasBearerToken(request(), 'secret-token')).toBe(false);
  });
});
