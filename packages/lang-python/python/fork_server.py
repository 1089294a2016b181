# The warm Python of a session (llmsb warm start). The supervisor starts it as root with
# `python3 -s -P -c <this file> VENV MODULE...` and a fixed environment, fd 3 a socket to the
# supervisor. It imports the modules once, says "ready", then per run receives the run's stdin,
# stdout, stderr and a control pipe and hands them to a process it made ahead of time as the
# supervisor's child (see _Spare), and makes the next one while the run runs. Only the child ever reads the run's
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


def _single_threaded():
    """Whether clones are safe: a fork runs every library's at-fork handlers (OpenBLAS stops its
    thread pool there), after which we must be the only thread, since a clone copies one."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return len(os.listdir("/proc/self/task")) == 1


_SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(os.uname().machine)
if _SYS_CLONE is None or not _single_threaded():
    _fail(5, "cannot clone spares on %s with threads %s" % (os.uname().machine, os.listdir("/proc/self/task")))
_CLONE_PARENT = 0x8000
_syscall = ctypes.PyDLL(None, use_errno=True).syscall  # PyDLL: holds the GIL, as os.fork does
_syscall.restype = ctypes.c_long


def _clone_parent():
    """os.fork, except that the child is our parent's (CLONE_PARENT)."""
    api = ctypes.pythonapi
    api.PyOS_BeforeFork()
    arg = ctypes.c_long
    pid = _syscall(arg(_SYS_CLONE), arg(_CLONE_PARENT | signal.SIGCHLD), arg(0), arg(0), arg(0), arg(0))
    if pid == 0:
        api.PyOS_AfterFork_Child()
        return 0
    errno = ctypes.get_errno()
    api.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(errno, os.strerror(errno))
    return pid


def _double_fork():
    """The same by a process in between that exits at once, for kernels that ignore CLONE_PARENT
    (gVisor): slower, since that process is one more copy of our memory to make and tear down."""
    r, w = os.pipe()
    middle = os.fork()
    if middle == 0:
        os.close(r)
        try:
            pid = os.fork()
        except BaseException:
            os._exit(1)
        if pid == 0:
            os.close(w)
            return 0
        os.write(w, str(pid).encode())
        os._exit(0)
    os.close(w)
    answer = os.read(r, 32)
    os.close(r)
    os.waitpid(middle, 0)  # its child is now the supervisor's
    if not answer:
        raise OSError("the spare could not be forked")
    return int(answer)


def _honours_clone_parent():
    try:
        pid = _clone_parent()
    except OSError:  # e.g. a seccomp profile that refuses the flag
        return False
    if pid == 0:
        os._exit(0)
    try:
        os.waitpid(pid, 0)
        return False  # it was made our child
    except ChildProcessError:
        return True


_fork_sibling = _clone_parent if _honours_clone_parent() else _double_fork


class _Spare:
    """The next run's process, made ahead of time so that no fork is on a run's path. It is the
    supervisor's child (see _fork_sibling), root's and in our process group, which the supervisor
    spares, and waits on `sock` for a run's descriptors. It leaves the group when a run takes it,
    before it learns anything of the run."""

    def __init__(self, pid, sock):
        self.pid, self.sock = pid, sock

    def hand_over(self, fds):
        socket.send_fds(self.sock, [b"run"], fds)
        self.sock.close()
        return str(self.pid).encode()

    def discard(self):
        self.sock.close()  # the spare reads EOF and exits; the supervisor reaps it


def _fork_spare(server_sock):
    """A `_Spare` here; in the spare itself, once a run takes it, the run's descriptors."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        pid = _fork_sibling()
    except OSError:
        ours.close()
        theirs.close()
        raise
    if pid == 0:
        ours.close()
        server_sock.close()
        return _await_run(theirs)
    theirs.close()
    return _Spare(pid, ours)


def _await_run(sock):
    """In the spare: gets ready for a run, then waits for its four descriptors (or the end, when
    the server discards us or dies)."""
    _ahead_of_the_run(sock.fileno())
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


def _ahead_of_the_run(keep):
    """What a spare does while it waits, off the run's path: all that needs nothing of the run.
    Each spare is a fork of its own, so its seeds are its own too."""
    for fd in [int(n) for n in os.listdir("/proc/self/fd")]:
        if fd > 2 and fd != keep:  # everything inherited (and the listing's own fd)
            try:
                os.close(fd)
            except OSError:
                pass
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")  # under memory pressure the run goes first, never the server
    for name in _RUN_LOADS_ITS_OWN:
        sys.modules.pop(name, None)
    _fresh_state()


def _become(call, stdio, ctl):
    """Takes the run's descriptors and identity; from here on nothing is root's."""
    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    for fd in (*stdio, ctl):
        os.close(fd)  # the spare holds nothing else: see _ahead_of_the_run
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
    _per_user_state()  # before the site hooks, which may patch matplotlib
    site.execsitecustomize()
    if site.ENABLE_USER_SITE:
        site.execusercustomize()


def _fresh_state():
    """What a fork would otherwise repeat from the server: seeds, keys, memoised per-user paths."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    process = sys.modules.get("multiprocessing.process")
    if process is not None:
        process.current_process().authkey = os.urandom(32)
    if _mpl is not None:
        for getter in (getattr(_mpl, "get_configdir", None), getattr(_mpl, "get_cachedir", None)):
            code = getattr(getter, "__code__", None)
            for name, cell in zip(code.co_freevars if code else (), getattr(getter, "__closure__", None) or ()):
                if name == "called":
                    cell.cell_contents = False  # matplotlib memoises these; this user's differ


def _per_user_state():
    """What follows from the run's interpreter and environment rather than from the server's."""
    spawn = sys.modules.get("multiprocessing.spawn")
    if spawn is not None:
        spawn.set_executable(sys.executable)
    if _mpl is not None:
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
os.setpgid(0, 0)  # out of the server's group (see _Spare); the supervisor kills the run by its own
_request = _read_all(_ctl)
if not _request:
    os._exit(125)  # the supervisor gave up on this run
_call = json.loads(_request)
_become(_call, (_stdin_fd, _stdout_fd, _stderr_fd), _ctl)
_stdio()
_interpreter(_call)
del _sock, _stdin_fd, _stdout_fd, _stderr_fd, _ctl, _request
_run(_call["argv"][1])
