/** Published plugin names → the package that provides them (names are case-insensitive). */
export const builtinBackends: Readonly<Record<string, string>> = {
  docker: '@llmsb/backend-docker',
  podman: '@llmsb/backend-podman',
  kubernetes: '@llmsb/backend-k8s',
  k8s: '@llmsb/backend-k8s',
  micromamba: '@llmsb/backend-micromamba',
  mamba: '@llmsb/backend-micromamba',
};

export const builtinLanguages: Readonly<Record<string, string>> = {
  python: '@llmsb/lang-python',
  py: '@llmsb/lang-python',
  python3: '@llmsb/lang-python',
  javascript: '@llmsb/lang-js',
  js: '@llmsb/lang-js',
  node: '@llmsb/lang-js',
  nodejs: '@llmsb/lang-js',
  typescript: '@llmsb/lang-js',
  ts: '@llmsb/lang-js',
  java: '@llmsb/lang-java',
  cpp: '@llmsb/lang-cpp',
  'c++': '@llmsb/lang-cpp',
  cxx: '@llmsb/lang-cpp',
  go: '@llmsb/lang-go',
  golang: '@llmsb/lang-go',
  ruby: '@llmsb/lang-ruby',
  rb: '@llmsb/lang-ruby',
  r: '@llmsb/lang-r',
  rscript: '@llmsb/lang-r',
};

/** Seed-compatible constants: `SandboxBackend.DOCKER === 'docker'`. */
export const SandboxBackend = {
  DOCKER: 'docker',
  PODMAN: 'podman',
  KUBERNETES: 'kubernetes',
  MICROMAMBA: 'micromamba',
} as const;
export type SandboxBackend = (typeof SandboxBackend)[keyof typeof SandboxBackend];

export const SupportedLanguage = {
  PYTHON: 'python',
  JAVASCRIPT: 'javascript',
  TYPESCRIPT: 'typescript',
  JAVA: 'java',
  CPP: 'cpp',
  GO: 'go',
  RUBY: 'ruby',
  R: 'r',
} as const;
export type SupportedLanguage = (typeof SupportedLanguage)[keyof typeof SupportedLanguage];
