// The kernel bridge, run in the sandbox as the session's resident with `python3 -I -c`: no file the
// sandbox user could replace. See README "Interactive sessions" and kernel-bridge.ts for the protocol.
export const PYTHON_BRIDGE = String.raw`# llmsb kernel bridge: the session's resident. Runs as the sandbox user under
# python3 -I (imports only from the system's root-owned directories), starts a
# kernel as its own child and relays cells between the supervisor's stream
# (JSON lines on stdin/stdout) and the kernel: a Jupyter kernel (jupyter_client),
# or a "lines" kernel (ops on its stdin, messages on a pipe, output on fds 1, 2).
import codecs, ctypes, json, os, queue, secrets, selectors, signal, subprocess, sys, tempfile, threading, time

# Non-dumpable: code in the kernel (same uid) cannot ptrace us or open our
# /proc/<pid>/fd, so it cannot write to the stream we answer on.
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
sys.path[:] = [p for p in sys.path if p and os.path.isdir(p) and os.stat(p).st_uid == 0]
PROTOCOL, KERNEL_ARGV = sys.argv[1], sys.argv[2:]
if PROTOCOL == "jupyter":
    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

out_lock = threading.Lock()
ops = queue.Queue()


def emit(msg):
    line = json.dumps(msg, separators=(",", ":")) + "\n"
    with out_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def read_ops():
    for line in sys.stdin:
        try:
            ops.put(json.loads(line))
        except ValueError:
            pass
    ops.put({"op": "eof"})


def interrupt_asked(kernel):
    # An op that arrives while a cell runs: interrupt, or the library went away.
    try:
        op = ops.get_nowait()
    except queue.Empty:
        return
    if op.get("op") == "eof":
        ops.put(op)
    if op.get("op") in ("interrupt", "eof"):
        kernel.interrupt()


class KernelProcess:
    """What both kernels share: a child process (self.proc) interrupted with SIGINT."""

    def alive(self):
        return self.proc.poll() is None

    def interrupt(self):
        if self.alive():
            os.kill(self.proc.pid, signal.SIGINT)


class JupyterKernel(KernelProcess):
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="llmsb-kernel-")
        path = os.path.join(self.dir, "connection.json")
        write_connection_file(path, ip="127.0.0.1", key=secrets.token_hex(32).encode())
        env = dict(os.environ)
        env.pop("JPY_PARENT_PID", None)
        # A fresh IPython directory per kernel: startup files planted by an earlier cell do not
        # run in a restarted kernel. Figures come back as display_data (image/png).
        env["IPYTHONDIR"] = os.path.join(self.dir, "ipython")
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        self.proc = subprocess.Popen(KERNEL_ARGV + ["-f", path], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, close_fds=True)
        self.client = BlockingKernelClient(connection_file=path)
        self.client.load_connection_file()
        self.client.start_channels(hb=False)
        # Ready once a kernel_info request is answered on the shell channel and its status
        # reaches us on iopub: a subscription takes a moment to connect, and iopub messages
        # sent before that are lost (a cell would then never see its "idle").
        deadline = time.monotonic() + 60
        while True:
            if not self.alive():
                raise RuntimeError("the kernel exited while starting")
            if time.monotonic() > deadline:
                raise RuntimeError("the kernel did not answer kernel_info within 60 s")
            request = self.client.kernel_info()
            if self.answered(request) and self.published(request):
                return

    def answered(self, request):
        try:
            while self.client.get_shell_msg(timeout=1)["parent_header"].get("msg_id") != request:
                pass
            return True
        except queue.Empty:
            return False

    def published(self, request):
        try:
            while self.client.get_iopub_msg(timeout=0.2)["parent_header"].get("msg_id") != request:
                pass
        except queue.Empty:
            return False
        try:
            while True:
                self.client.get_iopub_msg(timeout=0.05)  # the rest of its status messages
        except queue.Empty:
            return True

    def run_cell(self, cell, code, budget):
        msg_id = self.client.execute(code, allow_stdin=False, store_history=True)
        status, count = "ok", None
        while True:
            interrupt_asked(self)
            if not self.alive():
                return "died", count
            try:
                msg = self.client.get_iopub_msg(timeout=0.02)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue  # a late message of an earlier cell, or none of ours
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                budget.stream("stderr" if content.get("name") == "stderr" else "stdout", str(content.get("text", "")))
            elif kind in ("execute_result", "display_data"):
                budget.result({"id": cell, "type": "result", "kind": kind, "data": content.get("data", {}),
                               "metadata": content.get("metadata", {})})
            elif kind == "error":
                status = "error"
                budget.result({"id": cell, "type": "error", "name": str(content.get("ename", "")),
                               "value": str(content.get("evalue", "")), "traceback": [str(t) for t in content.get("traceback", [])]})
            elif kind == "execute_input":
                count = content.get("execution_count")
            elif kind == "status" and content.get("execution_state") == "idle":
                return status, count

    def stop(self):
        try:
            self.client.stop_channels()
        except Exception:
            pass
        if self.alive():
            self.proc.kill()
        self.proc.wait()


class LineKernel(KernelProcess):
    """A kernel speaking JSON lines: ops on its stdin, its messages on a pipe it is told of
    (LLMSB_KERNEL_MESSAGE_FD), and the code's own output on its fds 1 and 2."""

    def __init__(self):
        read_end, write_end = os.pipe()
        env = dict(os.environ, LLMSB_KERNEL_MESSAGE_FD=str(write_end))
        self.proc = subprocess.Popen(KERNEL_ARGV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     pass_fds=(write_end,), env=env, close_fds=True)
        os.close(write_end)
        self.count = 0
        self.selector = selectors.DefaultSelector()
        self.lines = b""
        self.decoders = {}
        for name, fd in (("stdout", self.proc.stdout.fileno()), ("stderr", self.proc.stderr.fileno()), ("messages", read_end)):
            os.set_blocking(fd, False)
            self.selector.register(fd, selectors.EVENT_READ, name)
            self.decoders[name] = codecs.getincrementaldecoder("utf-8")("replace")
        deadline = time.monotonic() + 60
        while not any(m.get("type") == "ready" for m in self.read(0.1)[1]):
            if not self.alive():
                raise RuntimeError("the kernel exited while starting")
            if time.monotonic() > deadline:
                raise RuntimeError("the kernel was not ready within 60 s")

    def read(self, timeout, cap=1 << 20):
        """What arrived within timeout: ([(stream, text)], [message])."""
        texts, messages = [], []
        for key, _ in self.selector.select(timeout):
            try:
                data = os.read(key.fd, 65536)
            except BlockingIOError:
                continue
            if not data:
                self.selector.unregister(key.fd)
                continue
            if key.data != "messages":
                texts.append((key.data, self.decoders[key.data].decode(data)))
                continue
            self.lines += data
            *complete, self.lines = self.lines.split(b"\n")
            if len(self.lines) > cap:
                self.lines = b""  # no message is this long: the code writes garbage here
            for line in complete:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict):
                    messages.append(message)
        return texts, messages

    def run_cell(self, cell, code, budget):
        self.count += 1
        try:
            self.proc.stdin.write((json.dumps({"op": "execute", "code": code}) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            return "died", self.count
        status = "ok"
        while True:
            interrupt_asked(self)
            texts, messages = self.read(0.02, budget.max * 2 + (1 << 20))
            for name, text in texts:
                budget.stream(name, text)
            for message in messages:
                kind = message.get("type")
                if kind == "result" and isinstance(message.get("data"), dict):
                    budget.result({"id": cell, "type": "result", "kind": "execute_result", "data": message["data"]})
                elif kind == "error":
                    status = "error"
                    budget.result({"id": cell, "type": "error", "name": str(message.get("name", "")), "value": str(message.get("value", "")),
                                   "traceback": [str(t) for t in message.get("traceback", [])]})
                elif kind == "done":
                    # The code's own writes came before this message: take what is left in the pipes.
                    while True:
                        rest, _ = self.read(0)
                        if not rest:
                            return status, self.count
                        for name, text in rest:
                            budget.stream(name, text)
            if not messages and not texts and not self.alive():
                return "died", self.count

    def stop(self):
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self.selector.close()


class Budget:
    """Per cell: stream text head forwarded, tail kept; results until the cap."""

    def __init__(self, cell, max_bytes):
        self.cell, self.max = cell, max_bytes
        self.head = {"stdout": 0, "stderr": 0}
        self.tail = {"stdout": b"", "stderr": b""}  # bytes: the cap counts UTF-8 bytes
        self.dropped = {"stdout": 0, "stderr": 0}
        self.result_bytes, self.results_dropped = 0, 0

    def stream(self, name, text):
        if not self.max:
            return emit({"id": self.cell, "type": "stream", "name": name, "text": text})
        data = text.encode("utf-8", "replace")
        room = (self.max + 1) // 2 - self.head[name]
        if room > 0:
            live = data[:room]
            self.head[name] += len(live)
            emit({"id": self.cell, "type": "stream", "name": name, "text": live.decode("utf-8", "ignore")})
            data = data[room:]
        if data:
            kept = self.tail[name] + data
            keep = self.max // 2
            self.dropped[name] += max(0, len(kept) - keep)
            self.tail[name] = kept[len(kept) - keep:] if keep else b""

    def result(self, msg):
        size = len(json.dumps(msg))
        if self.max and self.result_bytes + size > self.max:
            self.results_dropped += 1
            return
        self.result_bytes += size
        emit(msg)


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    # utime, stime, cutime, cstime: fields 14-17 of /proc/<pid>/stat, counted after the comm's ")".
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return sum(int(tick) for tick in stat.read().rsplit(")", 1)[1].split()[11:15]) * TICK_MS
    except (OSError, ValueError):
        return None


def peak_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, ValueError, StopIteration):
        return None


def reset_peak(pid):
    # "5" resets the kernel's peak RSS, so the peak read at the cell's end is this cell's.
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def execute(kernel, cell, code, max_bytes):
    budget = Budget(cell, max_bytes)
    pid = kernel.proc.pid
    reset_peak(pid)
    cpu_before, started = cpu_ms(pid), time.monotonic()
    status, count = kernel.run_cell(cell, code, budget)
    cpu_after, peak = cpu_ms(pid), peak_kb(pid)
    usage = None
    if status != "died" and cpu_before is not None and cpu_after is not None and peak is not None:
        usage = {"cpuMs": round(cpu_after - cpu_before), "peakMemoryKB": peak, "wallMs": round((time.monotonic() - started) * 1000)}
    emit({"id": cell, "type": "done", "status": status, "executionCount": count, "dropped": budget.dropped, "usage": usage,
          "tails": {name: tail.decode("utf-8", "ignore") for name, tail in budget.tail.items()},
          "resultsDropped": budget.results_dropped})


def main():
    threading.Thread(target=read_ops, daemon=True).start()
    kernel = None
    while True:
        op = ops.get()
        name = op.get("op")
        if name == "eof":
            break
        if name == "restart" and kernel is not None:
            kernel.stop()
            kernel = None
        if kernel is not None and not kernel.alive():
            kernel.stop()
            kernel = None
        if kernel is None and name in ("start", "restart", "execute"):
            kernel = JupyterKernel() if PROTOCOL == "jupyter" else LineKernel()
            emit({"type": "ready", "pid": kernel.proc.pid})
        if name == "execute":
            execute(kernel, int(op["id"]), str(op["code"]), int(op.get("maxOutputBytes") or 0))
    if kernel is not None:
        kernel.stop()


main()
`;
