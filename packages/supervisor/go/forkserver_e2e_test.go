package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// forkServerDouble speaks the fork server's side of the protocol: per request
// it clones a child as the supervisor's (CLONE_PARENT, as the real server makes
// its spares) that reads its call from the control pipe and execs it.
const forkServerDouble = cloneSibling + `
import json, socket
s = socket.socket(fileno=3)
s.send(b"ready")
while True:
    msg, fds, _, _ = socket.recv_fds(s, 16, 4)
    if not msg:
        os._exit(0)
    child = sibling()
    if child == 0:
        os.setpgid(0, 0)
        call = json.loads(b"".join(iter(lambda: os.read(fds[3], 65536), b"")))
        for i in range(3):
            os.dup2(fds[i], i)
        os.chdir(call["cwd"])
        os.execve(call["executable"], call["argv"], dict(kv.split("=", 1) for kv in call["env"]))
    for fd in fds:
        os.close(fd)
    s.send(str(child).encode() if child > 0 else b"0")
`

// cloneSibling defines sibling(): fork, but the child is the caller's
// sibling (CLONE_PARENT); only for a child that execs or exits at once.
const cloneSibling = `
import ctypes, os, signal
def sibling():
    L = ctypes.c_long
    return ctypes.PyDLL(None).syscall(L(56), L(0x8000 | signal.SIGCHLD), L(0), L(0), L(0), L(0))
`

// warmExec runs a warm call and reports whether the fork server made it.
func (s *sup) warmExec(id uint32, r execRequest) (result, bool) {
	s.t.Helper()
	r.Warm = true
	s.send(tExec, id, mustJSON(r))
	f := s.expect(tStarted, id)
	var m startedMsg
	decode(s.t, f, &m)
	res := s.collect(id, time.Now())
	res.pid = m.Pid
	return res, m.Warm
}

// pythonPath is the interpreter itself, not a wrapper script that would start
// helpers (which a call's end kills).
func pythonPath(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Fatalf("the fork server test needs python3 on PATH: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func startForkServerDouble(t *testing.T, s *sup, id uint32) {
	t.Helper()
	r := req(pythonPath(t), "-c", forkServerDouble)
	r.ForkServer = true
	s.send(tExec, id, mustJSON(r))
	s.expect(tStarted, id)
}

func TestE2EForkServerRunsWarmCallsAsItsOwnChildren(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	call := req("/bin/sh", "-c", `echo "$X $PPID"; echo err >&2; exit 7`)
	call.Env = append(call.Env, "X=hi")

	// No fork server yet: a warm call starts cold, with the same outcome.
	res, warm := s.warmExec(1, call)
	res.mustExit(t, 7)
	if warm {
		t.Fatal("a warm call without a fork server claims to be warm")
	}

	startForkServerDouble(t, s, 2)
	id := uint32(3)
	for ; !warm && id < 200; id++ {
		res, warm = s.warmExec(id, call)
		res.mustExit(t, 7)
		time.Sleep(20 * time.Millisecond)
	}
	if !warm {
		t.Fatal("warm calls never reached the fork server")
	}
	// The child's parent is the supervisor: it reaps it, so exit codes and kills work as for any call.
	want := "hi " + strconv.Itoa(s.cmd.Process.Pid) + "\n"
	if string(res.stdout) != want || string(res.stderr) != "err\n" {
		t.Fatalf("warm call: stdout %q stderr %q, want %q", res.stdout, res.stderr, want)
	}

	slow := req("/bin/sleep", "30")
	slow.TimeoutMs = 300
	res, warm = s.warmExec(id, slow)
	if !warm || res.exit == nil || !res.exit.TimedOut {
		t.Fatalf("a warm call past its deadline: warm %v, %+v", warm, res.exit)
	}
	if !gone(res.pid) {
		t.Fatal("the timed-out warm call's process survived")
	}
	// The server survived the call's end and still serves.
	res, warm = s.warmExec(id+1, call)
	res.mustExit(t, 7)
	if !warm {
		t.Fatal("the fork server did not survive a warm call's end")
	}

	// Killing the server ends only the server; later warm calls start cold.
	s.send(tKill, 2, nil)
	var exit exitMsg
	decode(t, s.expect(tExit, 2), &exit)
	if !exit.Killed {
		t.Fatalf("fork server end: %+v", exit)
	}
	res, warm = s.warmExec(id+2, call)
	res.mustExit(t, 7)
	if warm || !strings.HasPrefix(string(res.stdout), "hi ") {
		t.Fatalf("after the server's end: warm %v, stdout %q", warm, res.stdout)
	}
}

// The fork server's spares are root's and in its process group: they survive
// every call's end and SWEEP. Sandboxed code that joins the group does not.
func TestE2EForkServerSparesOutliveCallsAndSweeps(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	r := req(pythonPath(t), "-c", cloneSibling+`
spare = sibling()
if spare == 0:
    os.execv("/bin/sleep", ["sleep", "303"])
joiner = sibling()
if joiner == 0:
    os.setgid(65534)
    os.setuid(65534)
    os.execv("/bin/sleep", ["sleep", "304"])
print(spare, joiner, flush=True)
os.execv("/bin/sleep", ["sleep", "305"])
`)
	r.ForkServer = true
	s.send(tExec, 1, mustJSON(r))
	s.expect(tStarted, 1)
	var out []byte
	for !strings.HasSuffix(string(out), "\n") {
		out = append(out, s.expect(tStdout, 1).payload...)
	}
	p := pids(t, out, 2)
	spare, joiner := p[0], p[1]

	s.exec(2, req("/bin/true")).mustExit(t, 0)
	s.send(tSweep, 3, nil)
	var swept sweptMsg
	decode(t, s.expect(tSwept, 3), &swept)
	if !swept.Ok || deadOrZombie(spare) || !deadOrZombie(joiner) {
		t.Fatalf("after a call and a SWEEP: %+v, spare gone %v, the sandbox user's process gone %v", swept, deadOrZombie(spare), deadOrZombie(joiner))
	}

	// The server's end takes its spares.
	s.send(tKill, 1, nil)
	s.expect(tExit, 1)
	s.exec(4, req("/bin/true")).mustExit(t, 0)
	if !deadOrZombie(spare) {
		t.Fatal("a spare outlived the fork server")
	}
}
