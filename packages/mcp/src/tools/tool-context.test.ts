import { LanguageNotSupportedError, PluginRegistry, ValidationError } from '@llmsb/core';
import { python } from '@llmsb/lang-python';
import { describe, expect, it } from 'vitest';
import { findLanguage, languageDetails } from '../languages.js';
import { parseMcpServerOptions } from '../options.js';
import { SandboxHub } from '../sandbox-hub.js';
import { runLimits, type ToolContext } from './tool-context.js';

function toolsWith(options: Parameters<typeof parseMcpServerOptions>[0]): ToolContext {
  const limits = parseMcpServerOptions(options);
  return {
    hub: new SandboxHub(1, 60_000),
    limits,
    context: { languages: [python()], registry: new PluginRegistry() },
    owner: 'test',
    warm: undefined,
  };
}

describe('call limits', () => {
  it('clamps timeoutMs to the server maximum, which is also the default', () => {
    const tools = toolsWith({ maxTimeoutMs: 5000 });
    expect(runLimits(tools, { timeoutMs: 60_000 })).toEqual({ timeoutMs: 5000 });
    expect(runLimits(tools, {})).toEqual({ timeoutMs: 5000 });
    expect(runLimits(tools, { timeoutMs: 100, libraries: ['rich'] })).toEqual({ timeoutMs: 100, libraries: ['rich'] });
    void tools.hub.closeAll();
  });

  it('refuses libraries when the server was started with --no-libraries', () => {
    const tools = toolsWith({ allowLibraries: false });
    expect(() => runLimits(tools, { libraries: ['rich'] })).toThrow(ValidationError);
    expect(runLimits(tools, { libraries: [] })).toEqual({ timeoutMs: 120_000 });
    expect(languageDetails(python(), false).libraries).toBe(false);
    void tools.hub.closeAll();
  });

  it('finds offered languages by name or alias, and only those', () => {
    expect(findLanguage([python()], 'PY').name).toBe('python');
    expect(() => findLanguage([python()], 'ruby')).toThrow(LanguageNotSupportedError);
  });
});
