# The warm Python of a session (llmsb warm start). The supervisor starts it as root with
# `python3 -s -P -c <this file> VENV MODULE...` and a fixed environment, fd 3 a socket to the supervisor. It imports the
# modules once, says "ready", then per run receives the run's stdin, stdout, stderr and a control
# pipe and hands them to a child it forked ahead of time, which the supervisor then adopts (see
# _Spare), and forks the next one while the run runs. Only the child ever reads the run's
# request (argv, environment, ids): it drops to the run's user and then runs the file the way
# `python3 file.py` would. Nothing here may come from a place the sandbox user can write.
import os
import sys


def _root_only(path):
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_uid == 0 and not st.st_mode & 0o022


sys.path[:] = [p for p in sys.path if p and _root_only(p)]

import ctypes  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import importlib.machinery  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import site  # noqa: E402
import socket  # noqa: E402
import types  # noqa: E402

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_DUMPABLE = 4
_libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # the code's user cannot read us anyway; belt and braces

VENV = sys.argv[1]
PRELOAD = sys.argv[2:]
BASE_PATH = list(sys.path)
VERSION_DIR = "python%d.%d" % sys.version_info[:2]


def _fail(code, message):
    print("llmsb fork server: " + message, file=sys.stderr, flush=True)
    os._exit(code)


_AT_START = {m.split(".")[0] for m in sys.modules}
for _name in PRELOAD:
    try:
        importlib.import_module(_name)
    except Exception as error:  # an image without the data stack: runs start cold
        _fail(3, "cannot import %s: %r" % (_name, error))


def _top_level_names(folder):
    try:
        entries = os.listdir(folder)
    except OSError:
        return set()
    return {entry.split(".")[0].split("-")[0] for entry in entries}


# A package installed into the venv must win over what we imported, as it would in a cold run:
# then we cannot serve warm runs until the next install restarts us.
_VENV_NAMES = _top_level_names(os.path.join(VENV, "lib", VERSION_DIR, "site-packages"))
_clash = sorted(_VENV_NAMES & ({m.split(".")[0] for m in sys.modules} - _AT_START))
if _clash:
    _fail(4, "the virtual environment shadows preloaded modules: " + ", ".join(_clash))

# Loaded by our own start-up (a .pth hook, the site hooks), not by the preloads: a run loads its own.
_RUN_LOADS_ITS_OWN = [m for m in sys.modules if m.split(".")[0] in _VENV_NAMES & _AT_START] + ["sitecustomize", "usercustomize"]

_mpl = sys.modules.get("matplotlib")
_SERVER_RC = _mpl.matplotlib_fname() if _mpl else None


def _draw_once():
    """One figure drawn and encoded here fills matplotlib's font, text and PNG caches for every run."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    figure = pyplot.figure()
    figure.gca().plot([1, 2, 3])
    figure.gca().set_title("warm")
    figure.savefig(io.BytesIO(), format="png")
    pyplot.close(figure)


_draw_once()

sys.stdout.flush()
sys.stderr.flush()
gc.collect()
gc.freeze()  # children then share these pages instead of copying them on their first collection


def _sleeper():
    """A root-owned `sleep` a middle process can become, so that its copy of our memory is gone
    long before a run needs it to exit (that exit is on the run's path)."""
    for path in ("/usr/bin/sleep", "/bin/sleep"):
        real = os.path.realpath(path)
        if _root_only(real) and _root_only(os.path.dirname(real)):
            return real
    return None


_SLEEP = _sleeper()


class _Spare:
    """The next run's process, forked ahead of time so that no fork is on a run's path: a middle
    process (our child) and under it the spare, which waits on `sock` for the run's descriptors.
    Both stay in our tree, which the supervisor spares, until a run takes the spare: then the
    middle dies and the spare is the supervisor's child before it learns anything of the run."""

    def __init__(self, middle, pid, sock):
        self.middle, self.pid, self.sock = middle, pid, sock

    def hand_over(self, fds):
        socket.send_fds(self.sock, [b"run"], fds)
        self.sock.close()
        os.kill(self.middle, signal.SIGKILL)
        os.waitpid(self.middle, 0)
        return str(self.pid).encode()

    def discard(self):
        self.sock.close()  # the spare reads EOF and exits
        os.kill(self.middle, signal.SIGKILL)
        os.waitpid(self.middle, 0)


def _fork_spare(server_sock):
    """A `_Spare` here; in the spare itself, once a run takes it, the run's descriptors."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    r, w = os.pipe()
    try:
        middle = os.fork()
    except OSError:
        for end in (ours, theirs):
            end.close()
        os.close(r)
        os.close(w)
        raise
    if middle == 0:
        ours.close()
        os.close(r)
        server_sock.close()
        try:
            pid = os.fork()
        except BaseException:
            os._exit(0)
        if pid == 0:
            os.close(w)
            return _await_run(theirs)
        try:
            os.write(w, str(pid).encode())
            os.close(w)
            theirs.close()
            if _SLEEP:
                os.execv(_SLEEP, [_SLEEP, "infinity"])
            signal.pause()
        finally:
            os._exit(0)
    theirs.close()
    os.close(w)
    answer = os.read(r, 32)
    os.close(r)
    if not answer:
        os.waitpid(middle, 0)
        ours.close()
        raise OSError("the spare could not be forked")
    return _Spare(middle, int(answer), ours)


def _await_run(sock):
    """In the spare: the run's four descriptors, or the end when the server discards us or dies."""
    try:
        msg, fds, _, _ = socket.recv_fds(sock, 16, 4)
        sock.close()
    except BaseException:
        os._exit(0)
    if not msg or len(fds) != 4:
        os._exit(0)
    return fds


def _serve(sock):
    """Hands a spare to each request and forks the next one while the run runs; returns only in
    a spare, with the run's descriptors."""
    spare = None
    while True:
        if spare is None:
            try:
                spare = _fork_spare(sock)
            except OSError:
                spare = None  # e.g. the pids limit is full: try again at the next request
            if isinstance(spare, list):
                return spare
        try:
            msg, fds, _, _ = socket.recv_fds(sock, 16, 4)
        except InterruptedError:
            continue
        if not msg:
            os._exit(0)  # the supervisor is gone
        if len(fds) != 4 or spare is None:
            for fd in fds:
                os.close(fd)
            sock.send(b"0")  # this run starts cold
            continue
        try:
            answer = spare.hand_over(fds)
        except OSError:
            spare.discard()
            answer = b"0"
        for fd in fds:
            os.close(fd)
        spare = None
        sock.send(answer)


def _read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _become(call, stdio, ctl):
    """Takes the run's descriptors and identity; from here on nothing is root's."""
    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    for fd in [int(n) for n in os.listdir("/proc/self/fd")]:
        if fd > 2:  # everything inherited, the control pipe included (and the listing's own fd)
            try:
                os.close(fd)
            except OSError:
                pass
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")  # under memory pressure the run goes first, never the server
    os.setgroups(call["groups"])
    os.setgid(call["gid"])
    os.setuid(call["uid"])  # leaving uid 0 clears every capability
    _libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)  # like any process the user starts
    os.chdir(call["cwd"])
    os.environ.clear()
    os.environ.update(kv.split("=", 1) for kv in call["env"] if "=" in kv)


def _stdio():
    """Fresh standard streams on fds 0-2, buffered as a cold interpreter would buffer them."""
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))

    def make(fd, name, old, writing):
        raw = io.FileIO(fd, "wb" if writing else "rb", closefd=False)
        raw.name = name
        if writing:
            buffer = raw if unbuffered else io.BufferedWriter(raw)
        else:
            buffer = io.BufferedReader(raw)
        line = fd == 2 or (writing and raw.isatty())
        return io.TextIOWrapper(buffer, encoding=old.encoding, errors=old.errors, line_buffering=line, write_through=writing and unbuffered)

    sys.stdin = sys.__stdin__ = make(0, "<stdin>", sys.__stdin__, False)
    sys.stdout = sys.__stdout__ = make(1, "<stdout>", sys.__stdout__, True)
    sys.stderr = sys.__stderr__ = make(2, "<stderr>", sys.__stderr__, True)


def _interpreter(call):
    """sys as `python3 file.py` with the venv's interpreter sets it up, minus the script dir."""
    executable = call["executable"]
    sys.executable = executable
    sys.orig_argv = list(call["argv"])
    sys.argv = list(call["argv"][1:])
    prefix = os.path.dirname(os.path.dirname(executable))
    venv = os.path.isfile(os.path.join(prefix, "pyvenv.cfg"))
    if venv:
        sys.prefix = sys.exec_prefix = prefix
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    if os.environ.get("PYTHONWARNINGS"):
        import warnings

        sys.warnoptions[:] = os.environ["PYTHONWARNINGS"].split(",")
        warnings._processoptions(sys.warnoptions)
    stdlib = [p for p in BASE_PATH if not p.endswith(("site-packages", "dist-packages"))]
    system_sites = [p for p in BASE_PATH if p not in stdlib]
    pythonpath = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = pythonpath + stdlib
    for name in _RUN_LOADS_ITS_OWN:
        sys.modules.pop(name, None)
    site.USER_BASE = site.USER_SITE = None  # computed again from this user's HOME
    site.ENABLE_USER_SITE = not os.environ.get("PYTHONNOUSERSITE")
    known = set()
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        site.addsitedir(site.getusersitepackages(), known)
    if venv:
        site.addsitedir(os.path.join(prefix, "lib", VERSION_DIR, "site-packages"), known)
    sys.path.extend(p for p in system_sites if p not in sys.path)
    # No importlib.invalidate_caches(): the folders we imported from are root's and unchanged, the
    # run's own (venv, user site, PYTHONPATH, the script's) get fresh finders, and every finder
    # rescans a folder whose mtime changed. Rescanning them all cost each run ~5 ms.
    site.execsitecustomize()
    if site.ENABLE_USER_SITE:
        site.execusercustomize()


def _fresh_state():
    """What a fork would otherwise repeat from the server: seeds, keys, cached per-user paths."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    process = sys.modules.get("multiprocessing.process")
    if process is not None:
        process.current_process().authkey = os.urandom(32)
    spawn = sys.modules.get("multiprocessing.spawn")
    if spawn is not None:
        spawn.set_executable(sys.executable)
    if _mpl is not None:
        for getter in (getattr(_mpl, "get_configdir", None), getattr(_mpl, "get_cachedir", None)):
            code = getattr(getter, "__code__", None)
            for name, cell in zip(code.co_freevars if code else (), getattr(getter, "__closure__", None) or ()):
                if name == "called":
                    cell.cell_contents = False  # matplotlib memoises these; this user's differ
        rc = _mpl.matplotlib_fname()
        if rc != _SERVER_RC:
            _mpl.rc_file(rc)


def _exit_status(error):
    """The status a cold interpreter exits with for an uncaught SystemExit."""
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _finish(main, status):
    """Ends like a cold interpreter: threads joined, atexit run, the program's objects finalised,
    streams flushed. The server's modules are not torn down: that is what makes exits slow."""
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    import atexit

    atexit._run_exitfuncs()
    main.__dict__.clear()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = status or 120  # as CPython when flushing stdout fails at exit
    os._exit(status)


def _run(script):
    """Runs the file as __main__; exceptions end as they would at the top of a cold run."""
    main = types.ModuleType("__main__")
    main.__file__ = script
    main.__cached__ = None
    main.__builtins__ = __builtins__
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", script)
    sys.modules["__main__"] = main
    try:
        with open(script, "rb") as f:
            source = f.read()
    except OSError as error:
        print("%s: can't open file %r: [Errno %d] %s" % (sys.orig_argv[0], script, error.errno, error.strerror), file=sys.stderr)
        _finish(main, 2)
    sys.path.insert(0, os.path.dirname(os.path.realpath(script)))
    try:
        exec(compile(source, script, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as error:
        _finish(main, _exit_status(error))
    except BaseException as error:
        tb = error.__traceback__
        error.__traceback__ = tb.tb_next if tb is not None else None  # our frame is not the program's
        sys.excepthook(type(error), error, error.__traceback__)
        if isinstance(error, KeyboardInterrupt):
            sys.stdout.flush()
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        _finish(main, 1)
    _finish(main, 0)


_sock = socket.socket(fileno=3)
_sock.send(b"ready")
_stdin_fd, _stdout_fd, _stderr_fd, _ctl = _serve(_sock)
os.setpgid(0, 0)  # the supervisor kills the run by its group
_request = _read_all(_ctl)
if not _request:
    os._exit(125)  # the supervisor gave up on this run
_call = json.loads(_request)
_become(_call, (_stdin_fd, _stdout_fd, _stderr_fd), _ctl)
_stdio()
_fresh_state()
_interpreter(_call)
del _sock, _stdin_fd, _stdout_fd, _stderr_fd, _ctl, _request
_run(_call["argv"][1])
