/** Other names people use for the languages llmsb ships; rules and sessions may use either. */
const ALIASES: Readonly<Record<string, string>> = {
  py: 'python',
  python3: 'python',
  js: 'javascript',
  node: 'javascript',
  nodejs: 'javascript',
  ts: 'typescript',
  'c++': 'cpp',
  cxx: 'cpp',
  golang: 'go',
  rb: 'ruby',
};

export function canonicalLanguage(name: string): string {
  const lower = name.trim().toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** Whether a rule restricted to `languages` applies to code in a language known by `names`. */
export function appliesTo(languages: readonly string[] | undefined, names: readonly string[]): boolean {
  if (!languages || languages.length === 0) return true;
  const wanted = new Set(languages.map(canonicalLanguage));
  return names.some((name) => wanted.has(canonicalLanguage(name)));
}
