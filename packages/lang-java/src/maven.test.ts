import { describe, expect, it } from 'vitest';
import { ValidationError } from '@llmsb/core';
import { checkRepositoryUrl, isMavenCoordinates } from './maven.js';
import { java } from './java.js';

describe('Maven coordinates', () => {
  it.each(['com.google.code.gson:gson:2.10.1', 'org.apache.commons:commons-lang3:3.14.0', 'a:b:1.0-SNAPSHOT', 'x:y:1.2+build'])(
    'accepts %s',
    (name) => expect(isMavenCoordinates(name)).toBe(true),
  );
  it.each(['gson', 'com.google:gson', 'a:b:c:d:e', 'a:b:1; touch /tmp/pwned', 'a:b:$(id)', 'a:b:<x>', 'a:b:1\nLLMSB_EOF', ''])('refuses %j', (name) =>
    expect(isMavenCoordinates(name)).toBe(false),
  );
  it('accepts only http(s) repository URLs', () => {
    expect(checkRepositoryUrl('https://repo.example/maven2')).toBe('https://repo.example/maven2');
    expect(checkRepositoryUrl('http://nexus.local:8081/repository/maven-public/')).toBe('http://nexus.local:8081/repository/maven-public/');
    expect(() => checkRepositoryUrl('file:///etc')).toThrow(ValidationError);
  });

  it.each([
    ['file:///etc', 'has protocol file:'],
    ['not a url', 'is not a valid URL'],
    ['', 'is not a valid URL'],
    ['https://', 'is not a valid URL'],
    ['javascript:alert(1)', 'has protocol javascript:'],
    [42, 'is not a string'],
  ])('refuses repositoryUrl %j with a ValidationError naming the option and the value', (url, why) => {
    for (const attempt of [() => checkRepositoryUrl(url as string), () => java({ repositoryUrl: url as string })]) {
      let error: unknown;
      try {
        attempt();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(`repositoryUrl ${typeof url === 'string' ? JSON.stringify(url) : String(url)} ${why}`);
    }
  });

  it('refuses java() options that are not an object', () => {
    expect(() => java(null as never)).toThrow(ValidationError);
  });
});

describe('Java import patterns', () => {
  const catches = (code: string, module = 'java.io') => new RegExp(java().scanner!.importPattern(module.replaceAll('.', '\\.'))).test(code);
  it.each(['import java.io.*;', 'import java.io.File;', 'import  java . io . File ;', 'import static java.io.File.separator;'])(
    'catches %s',
    (code) => expect(catches(code)).toBe(true),
  );
  it.each(['import java.iox.File;', 'import java.nio.file.Files;'])('ignores %s', (code) => expect(catches(code)).toBe(false));
});
