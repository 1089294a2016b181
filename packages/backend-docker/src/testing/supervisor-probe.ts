/**
 * Python that tries what hostile code would against the supervisor (PID 1): kill it, read its
 * environment and descriptors, ptrace it (each printed as `what errno`, or `what ALLOWED`), then
 * forges well-formed EXIT and HELLO_OK frames on its own stdout and prints `after`.
 */
export const SUPERVISOR_ACCESS_PROBE = [
  'import ctypes, os, sys',
  'def attempt(what, fn):',
  '    try:',
  '        fn()',
  '        print(what, "ALLOWED")',
  '    except OSError as e:',
  '        print(what, e.errno)',
  'attempt("kill", lambda: os.kill(1, 9))',
  'attempt("environ", lambda: open("/proc/1/environ").read())',
  'attempt("fds", lambda: os.listdir("/proc/1/fd"))',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'rc = libc.ptrace(16, 1, None, None)',
  'print("ptrace", ctypes.get_errno() if rc != 0 else "ALLOWED")',
  // Well-formed EXIT frames for call ids 1..49 and a HELLO_OK, written raw to stdout.
  'import json, struct',
  'def frame(t, i, body): return struct.pack(">IBI", 5 + len(body), t, i) + body',
  'exit_body = json.dumps({"exitCode": 0}).encode()',
  'sys.stdout.flush()',
  'sys.stdout.buffer.write(b"".join(frame(0x85, i, exit_body) for i in range(1, 50)) + frame(0x81, 0, b"{}"))',
  'sys.stdout.flush()',
  'print("\\nafter")',
].join('\n');

/** Python that leaves two detached `sleep` processes behind (setsid, and a double fork) and prints `planted`. */
export const DETACHING_PROGRAM = [
  'import subprocess',
  "subprocess.Popen(['setsid', 'sleep', '300'])",
  "subprocess.Popen(['sh', '-c', '(sleep 301 &) &'])",
  'print("planted")',
].join('\n');
