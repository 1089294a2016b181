import { describe, expect, it } from 'vitest';
import { getSecurityPolicy, scanCode, scannerSyntaxes, securityPresets, SecurityIssueSeverity, UnknownSecurityPresetError } from '@llmsb/security';

const PRESETS = ['minimal', 'development', 'educational', 'data_science', 'web_scraping', 'production', 'strict'];
const LANGUAGES = ['python', 'javascript', 'typescript', 'java', 'cpp', 'go', 'ruby', 'r'] as const;
type Language = (typeof LANGUAGES)[number];

/** Everyday programs (the seed's examples among them): no preset may block them. */
const EVERYDAY: Record<Language, string> = {
  python:
    'import numpy as np\nimport re\n"""Never call os.system(), never import os."""\nprint(np.random.rand() < 1.0, re.compile("a+").match("aa"))',
  javascript: "const xs = [3, 1, 2].sort((a, b) => a - b);\nconst re = /\\d+/g; // split('x')\nconsole.log(xs.join(','), re.exec('a1'));",
  typescript: 'const total: number = [1, 2, 3].reduce((a: number, b: number) => a + b, 0);\nconsole.log(`total ${total}`);',
  java: 'import java.util.*;\npublic class Main {\n  public static void main(String[] args) {\n    List<Integer> xs = new ArrayList<>(List.of(1, 2));\n    System.out.println("Hello, World! " + xs);\n  }\n}',
  cpp: "#include <iostream>\n#include <vector>\n#include <algorithm>\nint main() {\n  std::vector<int> v = {1, 2, 3, 4'000};\n  std::reverse(v.begin(), v.end());\n  for (int x : v) std::cout << x << ' ';\n}",
  go: 'package main\nimport (\n\t"fmt"\n\t"strings"\n\t"github.com/spyzhov/ajson"\n)\nfunc main() {\n\troot, _ := ajson.Unmarshal([]byte(`{"price":125}`))\n\tfmt.Println(strings.ToUpper("hi"), root)\n}',
  ruby: "require 'json'\nputs JSON.generate({ 'a' => [1, 2].map { |x| x * 2 } })",
  r: 'library(ggplot2)\nx <- c(1, 2, 3)\nprint(summary(data.frame(a = x)))',
};

/** Programs that run a shell command: every preset but minimal blocks them. */
const SHELL: Record<Language, string> = {
  python: 'import subprocess\nsubprocess.run(["id"])',
  javascript: "const { execSync } = require('node:child_process');\nexecSync('id');",
  typescript: "import { execSync } from 'child_process';\nexecSync('id');",
  java: 'public class Main { public static void main(String[] a) throws Exception { new ProcessBuilder("id").start(); } }',
  cpp: '#include <cstdlib>\nint main() { return std::system("id"); }',
  go: 'package main\nimport "os/exec"\nfunc main() { exec.Command("id").Run() }',
  ruby: 'puts `id`',
  r: 'system("id")',
};

describe('getSecurityPolicy', () => {
  it('knows the seven presets, case-insensitively', () => {
    expect(Object.keys(securityPresets)).toEqual(PRESETS);
    expect(getSecurityPolicy('Data-Science').toJSON()).toEqual(getSecurityPolicy('data_science').toJSON());
  });

  it('names every preset when the name is unknown', () => {
    expect(() => getSecurityPolicy('paranoid')).toThrow(UnknownSecurityPresetError);
    expect(() => getSecurityPolicy('paranoid')).toThrow(`Available presets: ${PRESETS.join(', ')}`);
  });

  it('returns a fresh copy every call', () => {
    const first = getSecurityPolicy('production');
    first.addPattern({ pattern: 'x', description: 'x', severity: SecurityIssueSeverity.HIGH });
    first.severityThreshold = SecurityIssueSeverity.HIGH;
    expect(getSecurityPolicy('production').toJSON()).not.toEqual(first.toJSON());
    expect(getSecurityPolicy('production').severityThreshold).toBe(SecurityIssueSeverity.LOW);
  });

  it.each(PRESETS)('%s has patterns for every language', (name) => {
    const { patterns } = getSecurityPolicy(name);
    for (const language of LANGUAGES) {
      expect(
        patterns.some((p) => p.languages?.includes(language)),
        `${name}/${language}`,
      ).toBe(true);
    }
  });

  it.each(PRESETS)('%s lets everyday programs of every language run', (name) => {
    for (const language of LANGUAGES) {
      const result = scanCode(EVERYDAY[language], getSecurityPolicy(name), scannerSyntaxes[language], language);
      expect(
        result.violations.filter((v) => v.blocking),
        `${name}/${language}`,
      ).toEqual([]);
    }
  });

  it.each(PRESETS.filter((name) => name !== 'minimal'))('%s blocks shell commands in every language', (name) => {
    for (const language of LANGUAGES) {
      expect(scanCode(SHELL[language], getSecurityPolicy(name), scannerSyntaxes[language], language).safe, `${name}/${language}`).toBe(false);
    }
  });

  it.each(PRESETS)('%s blocks rm -rf / and the engine socket in any language', (name) => {
    for (const language of LANGUAGES) {
      const policy = getSecurityPolicy(name);
      expect(scanCode('run("rm -rf /")', policy, scannerSyntaxes[language], language).safe).toBe(false);
      expect(scanCode('open("/var/run/docker.sock")', policy, scannerSyntaxes[language], language).safe).toBe(false);
    }
  });

  it('strict blocks file access, eval and the network that data_science allows', () => {
    const code = 'import requests\ndata = open("x.csv").read()\nprint(eval("1"))';
    expect(scanCode(code, getSecurityPolicy('data_science'), scannerSyntaxes.python, 'python').safe).toBe(true);
    const strict = scanCode(code, getSecurityPolicy('strict'), scannerSyntaxes.python, 'python');
    expect(strict.violations.filter((v) => v.blocking).map((v) => v.description)).toEqual([
      'Evaluates code built at run time',
      'Opens files',
      'Makes HTTP requests: requests',
    ]);
  });
});
