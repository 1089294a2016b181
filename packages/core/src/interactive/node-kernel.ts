// The JavaScript/TypeScript kernel: a "lines" kernel of the bridge (python-bridge.ts), run as
// `node -e <source> <language>`, so there is no file to replace. It loads only Node's built-in
// modules (and, for TypeScript, esbuild from the image's root-owned global folder).
export const NODE_KERNEL = String.raw`// llmsb Node kernel. Cells are evaluated through the inspector's Runtime.evaluate in REPL mode
// (what a browser console does): top-level await, the last expression's value, and let/const/class
// declared again in a later cell. Ops come on stdin, messages go to the pipe the bridge names.
// Everything is inside a function: a -e script's own top-level names would be the cells' globals.
(() => {
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');
const { createRequire, isBuiltin } = require('node:module');
const path = require('node:path');
const readline = require('node:readline');
const { pathToFileURL } = require('node:url');
const util = require('node:util');
const vm = require('node:vm');

const LANGUAGE = process.argv[1];
const ESBUILD = process.argv[2];
const MESSAGES = Number(process.env.LLMSB_KERNEL_MESSAGE_FD);
delete process.env.LLMSB_KERNEL_MESSAGE_FD;
// Without worker threads, each transform is one esbuild process that ends with it; a long-lived
// service process would be ended by the sweep after every cell.
process.env.ESBUILD_WORKER_THREADS = '0';
const esbuild = LANGUAGE === 'typescript' ? require(ESBUILD) : undefined;

function send(message) {
  const bytes = Buffer.from(JSON.stringify(message) + '\n');
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(MESSAGES, bytes, at);
}

// What the cells see: require and import() resolve from the workdir, as a program there would.
const workdir = process.cwd();
const workdirRequire = createRequire(path.join(workdir, 'cell.js'));
globalThis.require = workdirRequire;
const IMPORT = Symbol.for('llmsb.import');
globalThis[IMPORT] = (specifier) => {
  if (isBuiltin(specifier)) return import(specifier);
  const file = specifier.startsWith('.') || specifier.startsWith('/') ? path.resolve(workdir, specifier) : workdirRequire.resolve(specifier);
  return import(pathToFileURL(file).href);
};
globalThis[Symbol.for('llmsb.inspect')] = (value) => util.inspect(value, { colors: false });

// import statements become dynamic imports (a script cannot hold them), one per line kept in place.
const CLAUSE_IMPORT = /^([ \t]*)import\s+(type\s+)?([\w$]+\s*,\s*)?(\*\s*as\s+[\w$]+|\{[^}]*\}|[\w$]+)?\s*from\s*(['"])([^'"\n]+)\5[ \t]*;?/gm;
const BARE_IMPORT = /^([ \t]*)import\s*(['"])([^'"\n]+)\2[ \t]*;?/gm;
function rewriteImports(code) {
  const load = (specifier) => 'await globalThis[Symbol.for("llmsb.import")](' + JSON.stringify(specifier) + ')';
  return code
    .replace(CLAUSE_IMPORT, (whole, indent, typeOnly, first, second, quote, specifier) => {
      const lines = '\n'.repeat((whole.match(/\n/g) || []).length);
      if (typeOnly) return indent + lines;
      const names = [first, second].filter(Boolean).map((part) => part.replace(/,\s*$/, '').trim());
      const defaultName = names.find((name) => /^[\w$]+$/.test(name));
      const namespace = names.find((name) => name.startsWith('*'));
      const named = names.find((name) => name.startsWith('{'));
      const parts = [];
      if (named) {
        for (const entry of named.slice(1, -1).split(',')) {
          const spec = entry.trim().replace(/^type\s+/, '');
          if (!spec || entry.trim().startsWith('type ')) continue;
          const [imported, local] = spec.split(/\s+as\s+/);
          parts.push(local ? imported + ': ' + local : imported);
        }
      }
      if (defaultName) parts.unshift('default: ' + defaultName);
      if (namespace) {
        const ns = namespace.replace(/^\*\s*as\s+/, '');
        const rest = parts.length ? ', { ' + parts.join(', ') + ' } = ' + ns : '';
        return indent + 'const ' + ns + ' = ' + load(specifier) + rest + ';' + lines;
      }
      return indent + 'const { ' + parts.join(', ') + ' } = ' + load(specifier) + ';' + lines;
    })
    .replace(BARE_IMPORT, (whole, indent, quote, specifier) => indent + load(specifier) + ';');
}

function compile(code) {
  const script = rewriteImports(code);
  if (!esbuild) return script;
  // Types stripped, nothing else changed: no module format, so top-level await stays as it is.
  return esbuild.transformSync(script, { loader: 'ts', target: 'node18', logLevel: 'silent' }).code;
}

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

let interruptRunning;
// Interrupts a cell waiting on a promise; a cell busy in synchronous code is stopped by the
// breakOnSigint watchdog below instead. Either way the kernel and its variables stay.
process.on('SIGINT', () => interruptRunning && interruptRunning());

const GO = Symbol.for('llmsb.evaluate');
function evaluate(expression) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome) => {
      if (!settled) (settled = true), resolve(outcome);
    };
    interruptRunning = () => settle({ interrupted: true });
    globalThis[GO] = () => session.post('Runtime.evaluate', { expression, replMode: true, awaitPromise: true, objectGroup: 'cell' }, (error, response) => settle(error ? { failure: error } : { response }));
    try {
      vm.runInThisContext('globalThis[Symbol.for("llmsb.evaluate")]()', { breakOnSigint: true });
    } catch (error) {
      settle(/interrupted/.test(String(error && error.message)) ? { interrupted: true } : { failure: error });
    }
  });
}

// The kernel's frames sit below the cell's: the traceback stops at the first of them.
const INTERNAL_FRAME = /\(node:(inspector|vm)|evalmachine\.<anonymous>|\[eval\]/;
function errorOf(exception) {
  const description = String(exception.description ?? exception.value ?? exception.unserializableValue ?? exception.type);
  const all = description.split('\n');
  const cut = all.findIndex((line) => INTERNAL_FRAME.test(line));
  const lines = cut < 0 ? all : all.slice(0, cut);
  const name = exception.className ?? 'Error';
  const value = exception.className ? lines[0].replace(new RegExp('^' + name + ':?\\s*'), '') : description;
  return { name, value, traceback: lines };
}

async function textOf(result) {
  if (result.type === 'undefined') return undefined;
  if (!result.objectId) return 'unserializableValue' in result ? String(result.unserializableValue) : util.inspect(result.value);
  const shown = await post('Runtime.callFunctionOn', {
    objectId: result.objectId,
    functionDeclaration: 'function () { return globalThis[Symbol.for("llmsb.inspect")](this); }',
    returnByValue: true,
  });
  return String(shown.result.value);
}

async function runCell(code) {
  let status = 'ok';
  try {
    const outcome = await evaluate(compile(code));
    if (outcome.interrupted) {
      status = 'error';
      send({ type: 'error', name: 'Interrupted', value: 'the cell was interrupted (a timeout or interrupt()); the variables are kept', traceback: [] });
    } else if (outcome.failure) {
      throw outcome.failure;
    } else if (outcome.response.exceptionDetails) {
      status = 'error';
      send({ type: 'error', ...errorOf(outcome.response.exceptionDetails.exception ?? { description: outcome.response.exceptionDetails.text }) });
    } else {
      const text = await textOf(outcome.response.result);
      if (text !== undefined) send({ type: 'result', data: { 'text/plain': text } });
    }
  } catch (error) {
    // esbuild's syntax errors, or the kernel's own trouble: reported as the cell's error.
    status = 'error';
    const first = error && error.errors && error.errors[0];
    const value = first ? first.text + (first.location ? ' (line ' + first.location.line + ')' : '') : String(error && error.message);
    send({ type: 'error', name: first ? 'SyntaxError' : String((error && error.name) || 'Error'), value, traceback: [] });
  } finally {
    interruptRunning = undefined;
    await post('Runtime.releaseObjectGroup', { objectGroup: 'cell' }).catch(() => undefined);
  }
  send({ type: 'done', status });
}

let cells = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let op;
  try {
    op = JSON.parse(line);
  } catch {
    return;
  }
  if (op && op.op === 'execute') cells = cells.then(() => runCell(String(op.code)));
});
send({ type: 'ready' });
})();
`;
