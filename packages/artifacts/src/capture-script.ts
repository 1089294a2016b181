import { shellQuote, type WarmRunFrame } from '@llmsb/core';
import type { PlotCapture } from './types.js';

export interface CaptureLayout {
  /** Per-session directory in the sandbox: `files/`, `plots/`, `hook/` and the staged `out/`. */
  readonly root: string;
  readonly maxFileBytes: number;
  readonly maxRunBytes: number;
}

/** Statuses of staged entries: `out/<status>/<plots|files>/<path>`; skipped ones hold their size. */
export const STAGED_OK = 'ok';
const SKIP_DIRS = ['too-large', 'over-run-limit', 'not-regular', 'unreadable'];

const HOOK_EOF = 'LLMSB_HOOK_EOF';

/**
 * Wraps a language's run steps (each its own process; compile, then run). The first step prepares
 * a fresh artifacts directory and writes the plot hooks; every step gets `$LLMSB_ARTIFACTS_DIR`
 * (and the hooks' environment) and runs its command unchanged; the last step, or the first one
 * that fails, stages what the program made within the size caps and exits with the step's own
 * code. No extra process start: the caller fetches `<root>/out` afterwards. Our own steps are
 * silent (their errors go to /dev/null).
 */
export function captureCommands(commands: readonly string[], layout: CaptureLayout, capture?: PlotCapture): string[] {
  const steps = commands.length > 0 ? commands : ['true'];
  return steps.map((command, index) => {
    const first = index === 0;
    const last = index === steps.length - 1;
    return [
      `llmsb_art=${shellQuote(layout.root)}`,
      ...(first ? [PREPARE] : []),
      'export LLMSB_ARTIFACTS_DIR="$llmsb_art/files"',
      ...(capture ? hookSteps(capture, first) : []),
      `{ ${command}\n}`,
      'llmsb_rc=$?',
      last ? stageStep(layout) : `[ $llmsb_rc -eq 0 ] || ${stageStep(layout)}`,
      '(exit $llmsb_rc)',
    ].join('\n');
  });
}

const PREPARE = 'rm -rf "$llmsb_art" 2>/dev/null; mkdir -p "$llmsb_art/files" "$llmsb_art/plots" "$llmsb_art/hook" 2>/dev/null';

/**
 * The same capture around a run forked from a warm interpreter, which no shell wraps: one script
 * prepares the directory and writes the hooks, the run gets the hooks' variables as data, and one
 * script stages what it made, whatever its exit. Undefined when the capture cannot say its
 * variables without a shell (`PlotCapture.runEnv`).
 */
export function warmCaptureFrame(layout: CaptureLayout, capture?: PlotCapture): WarmRunFrame | undefined {
  if (capture && !capture.runEnv) return undefined;
  const root = shellQuote(layout.root);
  const dirs = { files: `${layout.root}/files`, plots: `${layout.root}/plots`, hook: `${layout.root}/hook` };
  return {
    before: [`llmsb_art=${root}`, PREPARE, ...(capture ? [HOOK_DIRS, ...hookWrites(capture)] : []), 'true'].join('\n'),
    env: (runEnv) => ({ LLMSB_ARTIFACTS_DIR: dirs.files, ...capture?.runEnv?.(dirs, runEnv) }),
    after: [`llmsb_art=${root}`, stageStep(layout), 'true'].join('\n'),
  };
}

/**
 * One command that stages what the code left in `<root>/files` (and `<root>/plots`) within the
 * caps, after a cell of an interactive session; the caller then fetches `<root>/out`. The folders
 * are emptied, so each cell returns (or reports as skipped) only its own.
 */
export function stageCommand(layout: CaptureLayout): string {
  return [
    `llmsb_art=${shellQuote(layout.root)}`,
    'rm -rf "$llmsb_art/out" "$llmsb_art/total" 2>/dev/null',
    stageStep(layout),
    // What was skipped (over a cap, not a regular file) is reported once, then gone, as after a run.
    'find "$llmsb_art/files" "$llmsb_art/plots" -mindepth 1 -delete 2>/dev/null; true',
  ].join('\n');
}

const HOOK_DIRS = 'llmsb_hook="$llmsb_art/hook" llmsb_plots="$llmsb_art/plots"';

function hookSteps(capture: PlotCapture, writeFiles: boolean): string[] {
  return [HOOK_DIRS, ...(writeFiles ? hookWrites(capture) : []), ...capture.setup];
}

function hookWrites(capture: PlotCapture): string[] {
  return Object.entries(capture.hookFiles).map(([name, content]) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`hook file name ${name} must be a plain file name`);
    if (content.split('\n').includes(HOOK_EOF)) throw new Error(`hook file ${name} contains the line ${HOOK_EOF}`);
    return `cat > "$llmsb_hook/${name}" 2>/dev/null <<'${HOOK_EOF}'\n${content.endsWith('\n') ? content : `${content}\n`}${HOOK_EOF}`;
  });
}

/**
 * Moves each regular file within the caps to `out/ok/...`; for any other entry writes its size to
 * `out/<reason>/...`, so the host can report it. Plots are staged before files. A file that is
 * not regular is never followed (a link to a secret stays a link, reported, not read).
 */
function stageStep(layout: CaptureLayout): string {
  const dirs = [STAGED_OK, ...SKIP_DIRS].flatMap((status) => [`"$llmsb_art/out/${status}/plots"`, `"$llmsb_art/out/${status}/files"`]);
  const script = [
    'a=$1 fcap=$2 rcap=$3; shift 3',
    'read -r total < "$a/total" || total=0',
    'for p do',
    '  rel=${p#"$a"/} size=0',
    '  if [ -L "$p" ] || [ ! -f "$p" ]; then why=not-regular',
    '  elif size=$(wc -c < "$p"); then',
    '    size=$((size + 0))',
    '    if [ "$size" -gt "$fcap" ]; then why=too-large',
    '    elif [ $((total + size)) -gt "$rcap" ]; then why=over-run-limit',
    '    else why=ok total=$((total + size))',
    '    fi',
    '  else why=unreadable size=0',
    '  fi',
    '  d="$a/out/$why/$rel"',
    '  case $rel in */*/*) mkdir -p "${d%/*}" ;; esac',
    '  if [ "$why" = ok ]; then mv -f "$p" "$d"; else printf %s "$size" > "$d"; fi',
    'done',
    'echo "$total" > "$a/total"',
  ].join('\n');
  return [
    '{',
    '  mkdir -p ' + dirs.join(' ') + ' && echo 0 > "$llmsb_art/total"',
    `  find "$llmsb_art/plots" "$llmsb_art/files" ! -type d -exec sh -c ${shellQuote(script)} llmsb "$llmsb_art" ${layout.maxFileBytes} ${layout.maxRunBytes} {} +`,
    '} 2>/dev/null',
  ].join('\n');
}
