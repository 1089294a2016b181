/**
 * A tiny POSIX-shell subset for the fake backend: enough for the conformance command set
 * (echo, printf, cat, exit, sleep, true, false, rm, pwd, mkdir, test) and core's own run script.
 * Grammar: lists separated by newlines or `;`, `&&` / `||` chains, `{ ...; }` groups, words
 * with quotes and `$name` / `$1` / `$?` expansion, `VAR=value`, and the redirections `> file`,
 * `>&2`, `1>&2`, `2>/dev/null`.
 */
export interface ShellIO {
  stdin: Uint8Array;
  stdout(text: string): void;
  stderr(text: string): void;
  files: Map<string, Uint8Array>;
  cwd: string;
  env: Record<string, string>;
  /** Rejects when the process is killed. */
  sleep(ms: number): Promise<void>;
  /** Commands the fake's users add (e.g. a fake interpreter). */
  commands: Readonly<Record<string, FakeCommand>>;
}

export type FakeCommand = (args: string[], io: ShellIO) => Promise<number>;

class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export async function runShell(script: string, args: readonly string[], io: ShellIO): Promise<number> {
  const vars: Record<string, string> = { ...io.env, '?': '0' };
  args.forEach((arg, index) => (vars[String(index)] = arg));
  try {
    return await runList(parse(tokenize(script)), vars, io);
  } catch (signal) {
    if (signal instanceof ExitSignal) return signal.code;
    throw signal;
  }
}

/** Runs a plain argv (no shell). */
export async function runArgv(argv: readonly string[], io: ShellIO): Promise<number> {
  const [name = '', ...rest] = argv;
  if ((name === '/bin/sh' || name === 'sh') && rest[0] === '-c') return runShell(rest[1] ?? '', rest.slice(2), io);
  try {
    return await builtin(name, rest, io, { out: io.stdout, err: io.stderr });
  } catch (signal) {
    if (signal instanceof ExitSignal) return signal.code;
    throw signal;
  }
}

// --- Internal helpers ---

type Token = { kind: 'word'; parts: string } | { kind: 'op'; op: string };
type Node =
  | { type: 'simple'; words: string[]; redirects: { fd: 1 | 2; to: string }[] }
  | { type: 'group'; body: Node[][] }
  | { type: 'chain'; first: Node; rest: { op: '&&' | '||'; node: Node }[] };

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < script.length) {
    const char = script[i] ?? '';
    if (char === ' ' || char === '\t') {
      i += 1;
      continue;
    }
    if (char === '#') {
      while (i < script.length && script[i] !== '\n') i += 1;
      continue;
    }
    const op = ['&&', '||', '2>&1', '1>&2', '>&2', '2>', '>', ';', '\n', '{', '}'].find((o) => script.startsWith(o, i));
    if (op && !((op === '{' || op === '}') && /[^\s;]/.test(script[i + 1] ?? ' '))) {
      tokens.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    let raw = '';
    while (i < script.length && !/[\s;&|>]/.test(script[i] ?? '')) {
      const c = script[i] ?? '';
      if (c === "'" || c === '"') {
        const end = script.indexOf(c, i + 1);
        raw += script.slice(i, end + 1);
        i = end + 1;
      } else {
        raw += c;
        i += 1;
      }
    }
    tokens.push({ kind: 'word', parts: raw });
  }
  return tokens;
}

function parse(tokens: Token[]): Node[][] {
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (op: string): boolean => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  function list(until?: string): Node[][] {
    const statements: Node[][] = [];
    while (pos < tokens.length && !(until && isOp(until))) {
      if (isOp(';') || isOp('\n')) {
        pos += 1;
        continue;
      }
      statements.push([chain()]);
    }
    return statements;
  }
  function chain(): Node {
    const first = unit();
    const rest: { op: '&&' | '||'; node: Node }[] = [];
    while (isOp('&&') || isOp('||')) {
      const op = (tokens[pos] as { op: '&&' | '||' }).op;
      pos += 1;
      while (isOp('\n')) pos += 1;
      rest.push({ op, node: unit() });
    }
    return { type: 'chain', first, rest };
  }
  function unit(): Node {
    if (isOp('{')) {
      pos += 1;
      const body = list('}');
      pos += 1;
      return { type: 'group', body };
    }
    const words: string[] = [];
    const redirects: { fd: 1 | 2; to: string }[] = [];
    for (let t = peek(); t; t = peek()) {
      if (t.kind === 'word') {
        words.push(t.parts);
        pos += 1;
        continue;
      }
      if (t.op === '>&2' || t.op === '1>&2') {
        redirects.push({ fd: 1, to: '&2' });
        pos += 1;
        continue;
      }
      if (t.op === '2>&1') {
        redirects.push({ fd: 2, to: '&1' });
        pos += 1;
        continue;
      }
      if (t.op === '>' || t.op === '2>') {
        const target = tokens[pos + 1];
        redirects.push({ fd: t.op === '>' ? 1 : 2, to: target?.kind === 'word' ? target.parts : '' });
        pos += 2;
        continue;
      }
      break;
    }
    return { type: 'simple', words, redirects };
  }
  return list();
}

async function runList(statements: Node[][], vars: Record<string, string>, io: ShellIO): Promise<number> {
  let status = Number(vars['?'] ?? 0);
  for (const [node] of statements) if (node) status = await runNode(node, vars, io);
  return status;
}

async function runNode(node: Node, vars: Record<string, string>, io: ShellIO): Promise<number> {
  if (node.type === 'group') return runList(node.body, vars, io);
  if (node.type === 'chain') {
    let status = await runNode(node.first, vars, io);
    for (const { op, node: next } of node.rest) {
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = await runNode(next, vars, io);
    }
    vars['?'] = String(status);
    return status;
  }
  const words = node.words.map((word) => expand(word, vars));
  const [first] = words;
  if (words.length === 1 && first && /^[A-Za-z_][A-Za-z0-9_]*=/.test(node.words[0] ?? '')) {
    const eq = first.indexOf('=');
    vars[first.slice(0, eq)] = first.slice(eq + 1);
    return 0;
  }
  const sink = { out: io.stdout, err: io.stderr };
  const captured: { path: string; chunks: string[] }[] = [];
  for (const redirect of node.redirects) {
    const path = expand(redirect.to, vars);
    const write = path === '&2' ? io.stderr : path === '&1' ? io.stdout : path === '/dev/null' ? () => undefined : captureInto(path);
    if (redirect.fd === 1) sink.out = write;
    else sink.err = write;
  }
  function captureInto(path: string): (text: string) => void {
    const target = { path: resolvePath(io.cwd, path), chunks: [] as string[] };
    captured.push(target);
    return (text) => target.chunks.push(text);
  }
  const status = await builtin(words[0] ?? 'true', words.slice(1), io, sink);
  for (const { path, chunks } of captured) io.files.set(path, Buffer.from(chunks.join('')));
  vars['?'] = String(status);
  return status;
}

function expand(word: string, vars: Record<string, string>): string {
  let out = '';
  let i = 0;
  const variable = (text: string, at: number): [string, number] => {
    const match = /^\$(\{?)([A-Za-z_][A-Za-z0-9_]*|[0-9?$])\}?/.exec(text.slice(at));
    if (!match) return ['$', at + 1];
    return [vars[match[2] ?? ''] ?? '', at + match[0].length];
  };
  while (i < word.length) {
    const c = word[i];
    if (c === "'") {
      const end = word.indexOf("'", i + 1);
      out += word.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const end = word.indexOf('"', i + 1);
      const inner = word.slice(i + 1, end);
      for (let j = 0; j < inner.length;) {
        if (inner[j] === '$') {
          const [value, next] = variable(inner, j);
          out += value;
          j = next;
        } else {
          out += inner[j];
          j += 1;
        }
      }
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const [value, next] = variable(word, i);
      out += value;
      i = next;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const stack: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') stack.pop();
    else stack.push(part);
  }
  return `/${stack.join('/')}`;
}

async function builtin(
  name: string,
  args: string[],
  io: ShellIO,
  sink: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
  switch (name) {
    case 'true':
    case ':':
      return 0;
    case 'false':
      return 1;
    case 'echo':
      sink.out(`${args.join(' ')}\n`);
      return 0;
    case 'printf':
      sink.out(printf(args[0] ?? '', args.slice(1)));
      return 0;
    case 'pwd':
      sink.out(`${io.cwd}\n`);
      return 0;
    case 'exit':
      throw new ExitSignal(Number(args[0] ?? 0));
    case '[':
    case 'test':
      return test(name === '[' ? args.slice(0, -1) : args, io) ? 0 : 1;
    case 'sleep':
      await io.sleep(Number(args[0] ?? 0) * 1000);
      return 0;
    case 'mkdir':
      return 0;
    case 'rm':
      for (const path of args.filter((a) => !a.startsWith('-'))) io.files.delete(resolvePath(io.cwd, path));
      return 0;
    case 'cat': {
      if (args.length === 0) {
        sink.out(decode(io.stdin));
        return 0;
      }
      for (const path of args) {
        const content = io.files.get(resolvePath(io.cwd, path));
        if (!content) {
          sink.err(`cat: ${path}: No such file or directory\n`);
          return 1;
        }
        sink.out(decode(content));
      }
      return 0;
    }
    default: {
      const command = io.commands[name];
      if (command) return command(args, { ...io, stdout: sink.out, stderr: sink.err });
      sink.err(`sh: ${name}: not found\n`);
      return 127;
    }
  }
}

/** `test` with the few forms the library's scripts use: `A -eq B`, `A -ne B`, `A = B`, `-e PATH`. */
function test(args: string[], io: ShellIO): boolean {
  const [a = '', op = '', b = ''] = args;
  if (args.length === 2 && a === '-e') return io.files.has(resolvePath(io.cwd, op));
  if (op === '-eq') return Number(a) === Number(b);
  if (op === '-ne') return Number(a) !== Number(b);
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  return false;
}

function printf(format: string, args: string[]): string {
  let index = 0;
  return format
    .replace(/%[sd%]/g, (spec) => (spec === '%%' ? '%' : (args[index++] ?? '')))
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\\\/g, '\\');
}
