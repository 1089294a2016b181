package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// forkServerDouble speaks the fork server's side of the protocol: per request
// it double-forks a child that reads its call from the control pipe and execs it.
const forkServerDouble = `
import json, os, socket
s = socket.socket(fileno=3)
s.send(b"ready")
while True:
    msg, fds, _, _ = socket.recv_fds(s, 16, 4)
    if not msg:
        os._exit(0)
    r, w = os.pipe()
    middle = os.fork()
    if middle == 0:
        child = os.fork()
        if child == 0:
            os.setpgid(0, 0)
            call = json.loads(b"".join(iter(lambda: os.read(fds[3], 65536), b"")))
            for i in range(3):
                os.dup2(fds[i], i)
            os.chdir(call["cwd"])
            os.execve(call["executable"], call["argv"], dict(kv.split("=", 1) for kv in call["env"]))
        os.write(w, str(child).encode())
        os._exit(0)
    os.close(w)
    for fd in fds:
        os.close(fd)
    os.waitpid(middle, 0)
    s.send(os.read(r, 32) or b"0")
    os.close(r)
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

func startForkServerDouble(t *testing.T, s *sup, id uint32) {
	t.Helper()
	// The interpreter itself, not a wrapper script that would start helpers (which a call's end kills).
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Fatalf("the fork server test needs python3 on PATH: %v", err)
	}
	r := req(strings.TrimSpace(string(out)), "-c", forkServerDouble)
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

// A fork server keeps the process for the next warm call under a middle process
// of its own; both must survive the end of every call and every SWEEP.
func TestE2EForkServerTreeOutlivesCallsAndSweeps(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	r := req("/bin/sh", "-c", `sh -c 'sleep 303 & echo $!; exec sleep 304' & echo $!; exec sleep 305`)
	r.ForkServer = true
	s.send(tExec, 1, mustJSON(r))
	s.expect(tStarted, 1)
	var out []byte
	for len(strings.Fields(string(out))) < 2 {
		out = append(out, s.expect(tStdout, 1).payload...)
	}
	p := pids(t, out, 2)
	middle, spare := p[0], p[1]

	s.exec(2, req("/bin/true")).mustExit(t, 0)
	s.send(tSweep, 3, nil)
	var swept sweptMsg
	decode(t, s.expect(tSwept, 3), &swept)
	if !swept.Ok || deadOrZombie(middle) || deadOrZombie(spare) {
		t.Fatalf("after a call and a SWEEP: %+v, middle gone %v, spare gone %v", swept, deadOrZombie(middle), deadOrZombie(spare))
	}

	// The server's end takes its whole tree.
	s.send(tKill, 1, nil)
	s.expect(tExit, 1)
	s.exec(4, req("/bin/true")).mustExit(t, 0)
	if !deadOrZombie(middle) || !deadOrZombie(spare) {
		t.Fatal("the fork server's tree outlived it")
	}
}
