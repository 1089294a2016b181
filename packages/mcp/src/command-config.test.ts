import { ValidationError } from '@llmsb/core';
import { describe, expect, it } from 'vitest';
import { readMcpCommandConfig, serverOptionsOf } from './command-config.js';
import { parseMcpServerOptions } from './options.js';

describe('llmsb mcp settings', () => {
  it('takes flags over the environment and coerces strings', () => {
    const config = readMcpCommandConfig(
      { maxSessions: '3', languages: ['python,js'], images: ['python=my/python:1'] },
      { LLMSB_MCP_MAX_SESSIONS: '9', LLMSB_MCP_NO_LIBRARIES: 'true', LLMSB_MCP_NETWORK: 'none', LLMSB_MCP_HTTP_PORT: '8080' },
    );
    expect(config).toMatchObject({
      maxSessions: 3,
      noLibraries: true,
      network: 'none',
      http: 8080,
      languages: ['python', 'js'],
      images: { python: 'my/python:1' },
    });
    expect(serverOptionsOf(config)).toMatchObject({
      maxSessions: 3,
      allowLibraries: false,
      runtimeConfig: { network: 'none' },
      images: { python: 'my/python:1' },
    });
  });

  it('takes a disk bound in MiB, or none to turn it off', () => {
    expect(serverOptionsOf(readMcpCommandConfig({ diskMb: '64' }, {})).runtimeConfig).toEqual({ diskMB: 64 });
    expect(serverOptionsOf(readMcpCommandConfig({}, { LLMSB_MCP_DISK_MB: 'none' })).runtimeConfig).toEqual({ diskMB: null });
    expect(() => readMcpCommandConfig({ diskMb: 'lots' }, {})).toThrow(/diskMb/);
  });

  it('refuses bad values naming the setting', () => {
    expect(() => readMcpCommandConfig({ maxSessions: 'x' }, {})).toThrow(/maxSessions/);
    expect(() => readMcpCommandConfig({}, { LLMSB_MCP_NETWORK: 'wifi' })).toThrow(ValidationError);
    expect(() => readMcpCommandConfig({ images: ['python'] }, {})).toThrow(/LANG=IMAGE/);
    expect(() => readMcpCommandConfig({ authToken: 'short' }, {})).toThrow(/16 characters/);
  });

  it('takes a warm pool size from --pool-min or the environment, at most maxSessions', () => {
    expect(serverOptionsOf(readMcpCommandConfig({ poolMin: '2' }, {})).poolMin).toBe(2);
    expect(serverOptionsOf(readMcpCommandConfig({}, { LLMSB_MCP_POOL_MIN: '1' })).poolMin).toBe(1);
    expect(serverOptionsOf(readMcpCommandConfig({}, {})).poolMin).toBe(0);
    expect(() => readMcpCommandConfig({ poolMin: '-1' }, {})).toThrow(/poolMin/);
    expect(() => parseMcpServerOptions(serverOptionsOf(readMcpCommandConfig({ poolMin: '5', maxSessions: '2' }, {})))).toThrow(
      /poolMin.*maxSessions/,
    );
  });

  it('refuses an unknown security preset before the server starts', () => {
    expect(() => parseMcpServerOptions({ securityPolicy: 'nope' })).toThrow(/securityPolicy/);
    expect(parseMcpServerOptions({ securityPolicy: 'production' }).securityPolicy).toBe('production');
  });
});
