import { describe, expect, it } from 'vitest';
import { checkRepositoryUrl, isMavenCoordinates } from './maven.js';
import { java } from './java.js';

describe('Maven coordinates', () => {
  it.each(['com.google.code.gson:gson:2.10.1', 'org.apache.commons:commons-lang3:3.14.0', 'a:b:1.0-SNAPSHOT', 'x:y:1.2+build'])(
    'accepts %s',
    (name) => expect(isMavenCoordinates(name)).toBe(true),
  );
  it.each(['gson', 'com.google:gson', 'a:b:c:d:e', 'a:b:1; touch /tmp/pwned', 'a:b:$(id)', 'a:b:<x>', 'a:b:1\nLLMSB_EOF', ''])(
    'refuses %j',
    (name) => expect(isMavenCoordinates(name)).toBe(false),
  );
  it('accepts only http(s) repository URLs', () => {
    expect(checkRepositoryUrl('https://repo.example/maven2')).toBe('https://repo.example/maven2');
    expect(() => checkRepositoryUrl('file:///etc')).toThrow(TypeError);
  });
});

describe('Java import patterns', () => {
  const catches = (code: string, module = 'java.io') => new RegExp(java().scanner!.importPattern(module.replaceAll('.', '\\.'))).test(code);
  it.each(['import java.io.*;', 'import java.io.File;', 'import  java . io . File ;', 'import static java.io.File.separator;'])(
    'catches %s',
    (code) => expect(catches(code)).toBe(true),
  );
  it.each(['import java.iox.File;', 'import java.nio.file.Files;'])('ignores %s', (code) =>
    expect(catches(code)).toBe(false),
  );
});
