package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the supervisor: re-executed with this variable
// set it runs the real main, as a plain child (not PID 1) of the test.
const underTestEnv = "LLMSB_SUPERVISOR_UNDER_TEST"

func TestMain(m *testing.M) {
	if os.Getenv(underTestEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestE2ECommandLine(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "--version")
	cmd.Env = append(os.Environ(), underTestEnv+"=1")
	out, err := cmd.Output()
	if err != nil || string(out) != "llmsb-supervisor 0.1.0 (protocol 1)\n" {
		t.Fatalf("--version: %q, %v", out, err)
	}
	cmd = exec.Command(os.Args[0], "--bogus")
	cmd.Env = append(os.Environ(), underTestEnv+"=1")
	if err := cmd.Run(); cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 2 {
		t.Fatalf("unknown argument: %v", err)
	}
}

type sup struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     *os.File
	frames chan frame
	waited chan struct{}
	state  *os.ProcessState
}

// helloSup starts a supervisor and completes its handshake (no owner grace).
func helloSup(t *testing.T) *sup {
	t.Helper()
	s := startSup(t)
	s.hello(0)
	return s
}

func startSup(t *testing.T) *sup {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), underTestEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inR.Close()
	outW.Close()
	s := &sup{t: t, cmd: cmd, in: inW, frames: make(chan frame), waited: make(chan struct{})}
	go func() {
		defer outR.Close()
		defer close(s.frames)
		for {
			f, err := readFrame(outR)
			if err != nil {
				return
			}
			s.frames <- f
		}
	}()
	go func() {
		cmd.Wait()
		s.state = cmd.ProcessState
		close(s.waited)
	}()
	t.Cleanup(func() {
		inW.Close()
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.waited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("supervisor did not exit on SIGTERM")
		}
	})
	return s
}

func (s *sup) send(typ byte, id uint32, payload []byte) {
	s.t.Helper()
	if _, err := s.in.Write(appendFrame(nil, frame{typ: typ, id: id, payload: payload})); err != nil {
		s.t.Fatalf("send 0x%02x: %v", typ, err)
	}
}

func (s *sup) next(timeout time.Duration) frame {
	s.t.Helper()
	select {
	case f, ok := <-s.frames:
		if !ok {
			s.t.Fatal("supervisor closed its stdout")
		}
		return f
	case <-time.After(timeout):
		s.t.Fatalf("no frame within %v", timeout)
	}
	return frame{}
}

func (s *sup) expect(typ byte, id uint32) frame {
	s.t.Helper()
	f := s.next(10 * time.Second)
	if f.typ != typ || f.id != id {
		s.t.Fatalf("got frame 0x%02x id %d (%s), want 0x%02x id %d", f.typ, f.id, f.payload, typ, id)
	}
	return f
}

func (s *sup) hello(graceMs int64) {
	s.t.Helper()
	s.send(tHello, 0, mustJSON(helloRequest{Version: 1, OwnerGraceMs: graceMs}))
	var ok helloOK
	decode(s.t, s.expect(tHelloOK, 0), &ok)
	if ok.Version != 1 || ok.Supervisor != supervisorVersion || ok.Pid != s.cmd.Process.Pid || ok.Arch == "" {
		s.t.Fatalf("HELLO_OK %+v", ok)
	}
}

// waitExit waits for the supervisor to exit and returns its exit status.
func (s *sup) waitExit(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.waited:
		return s.state.ExitCode()
	case <-time.After(timeout):
		s.t.Fatalf("supervisor still running after %v", timeout)
	}
	return 0
}

func decode(t *testing.T, f frame, v any) {
	t.Helper()
	if err := json.Unmarshal(f.payload, v); err != nil {
		t.Fatalf("frame 0x%02x payload %q: %v", f.typ, f.payload, err)
	}
}

func req(argv ...string) execRequest {
	return execRequest{Argv: argv, Env: []string{"PATH=/usr/bin:/bin"}, Cwd: "/", User: "root"}
}

type result struct {
	pid            int
	stdout, stderr []byte
	events         []string // frame order: "out", "err", "dropped:<stream>"
	dropped        []droppedMsg
	exit           *exitMsg
	err            *errorMsg
	elapsed        time.Duration
}

// exec runs one call to completion and records every frame it produced.
func (s *sup) exec(id uint32, r execRequest) result {
	s.t.Helper()
	start := time.Now()
	s.send(tExec, id, mustJSON(r))
	return s.collect(id, start)
}

func (s *sup) collect(id uint32, start time.Time) result {
	s.t.Helper()
	var res result
	for {
		f := s.next(20 * time.Second)
		if f.id != id {
			s.t.Fatalf("frame 0x%02x for id %d during call %d", f.typ, f.id, id)
		}
		switch f.typ {
		case tStarted:
			var m startedMsg
			decode(s.t, f, &m)
			res.pid = m.Pid
		case tStdout:
			res.stdout = append(res.stdout, f.payload...)
			res.events = append(res.events, "out")
		case tStderr:
			res.stderr = append(res.stderr, f.payload...)
			res.events = append(res.events, "err")
		case tDropped:
			var m droppedMsg
			decode(s.t, f, &m)
			res.dropped = append(res.dropped, m)
			res.events = append(res.events, "dropped:"+m.Stream)
		case tExit:
			res.exit = &exitMsg{}
			decode(s.t, f, res.exit)
			res.elapsed = time.Since(start)
			return res
		case tError:
			res.err = &errorMsg{}
			decode(s.t, f, res.err)
			return res
		default:
			s.t.Fatalf("unexpected frame 0x%02x", f.typ)
		}
	}
}

func (r result) mustExit(t *testing.T, code int) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("call failed: %+v", *r.err)
	}
	if r.exit.ExitCode != code {
		t.Fatalf("exit %+v (stderr %q), want code %d", *r.exit, r.stderr, code)
	}
}

// gone reports whether pid no longer names a sleep (pids are not reused
// within a test, but be tolerant).
func gone(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || !bytes.Contains(b, []byte("(sleep)"))
}

func pids(t *testing.T, out []byte, n int) []int {
	t.Helper()
	f := strings.Fields(string(out))
	if len(f) != n {
		t.Fatalf("want %d pids, got %q", n, out)
	}
	var ps []int
	for _, s := range f {
		p, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("bad pid %q", s)
		}
		ps = append(ps, p)
	}
	return ps
}

func TestE2EHandshakeAndPing(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	s.send(tPing, 9, nil)
	s.expect(tPong, 9)
}

func TestE2EProtocolErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]func(s *sup){
		"version": func(s *sup) { s.send(tHello, 0, []byte(`{"version":2,"ownerGraceMs":0,"owned":false}`)) },
		"protocol": func(s *sup) {
			s.send(tPing, 1, nil) // before HELLO
		},
		"length": func(s *sup) { s.in.Write([]byte{0, 0, 0, 4, 1, 0, 0, 0, 0}) },
		"json":   func(s *sup) { s.hello(0); s.send(tExec, 1, []byte(`{"argv":`)) },
	}
	for name, provoke := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := startSup(t)
			provoke(s)
			var m errorMsg
			decode(t, s.expect(tError, 0), &m)
			want := "protocol"
			if name == "version" {
				want = "version"
			}
			if m.Code != want {
				t.Fatalf("ERROR %+v, want code %s", m, want)
			}
			if code := s.waitExit(5 * time.Second); code != 2 {
				t.Fatalf("exit status %d, want 2", code)
			}
		})
	}
}

func TestE2EEchoAndStderr(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	r := s.exec(1, req("/bin/sh", "-c", "echo out; echo err >&2; exit 3"))
	r.mustExit(t, 3)
	if string(r.stdout) != "out\n" || string(r.stderr) != "err\n" || r.pid <= 0 {
		t.Fatalf("stdout %q stderr %q pid %d", r.stdout, r.stderr, r.pid)
	}
	if r.exit.Signal != "" || r.exit.TimedOut || r.exit.Killed || r.exit.Usage.WallMs < 0 || r.exit.Usage.MaxRSSKB <= 0 {
		t.Fatalf("exit %+v", *r.exit)
	}
	// A signal death follows the shell convention, and calls run one after another.
	r = s.exec(2, req("/bin/sh", "-c", "kill -TERM $$"))
	r.mustExit(t, 143)
	if r.exit.Signal != "SIGTERM" {
		t.Fatalf("exit %+v", *r.exit)
	}
	// Only fds 0-2 reach the call: the protocol stream is not inherited.
	r = s.exec(3, req("/bin/sh", "-c", "ls /proc/$$/fd"))
	r.mustExit(t, 0)
	if got := strings.Fields(string(r.stdout)); strings.Join(got, ",") != "0,1,2" {
		t.Fatalf("call fds %v", got)
	}
}

func TestE2EStdinRoundTrip(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i*7 + i>>10)
	}
	r := req("cat")
	r.Stdin = true
	start := time.Now()
	s.send(tExec, 1, mustJSON(r))
	s.expect(tStarted, 1)
	go func() { // cat's output backpressures its input, so write while reading
		for p := data; len(p) > 0; p = p[min(len(p), 100000):] {
			s.in.Write(appendFrame(nil, frame{typ: tStdin, id: 1, payload: p[:min(len(p), 100000)]}))
		}
		s.in.Write(appendFrame(nil, frame{typ: tStdinEOF, id: 1}))
	}()
	res := s.collect(1, start)
	res.mustExit(t, 0)
	if !bytes.Equal(res.stdout, data) {
		t.Fatalf("stdout: %d bytes, want the %d bytes sent", len(res.stdout), len(data))
	}
	// stdin: false reads /dev/null.
	res = s.exec(2, req("/bin/sh", "-c", "wc -c; readlink /proc/self/fd/0"))
	res.mustExit(t, 0)
	if got := strings.Fields(string(res.stdout)); len(got) != 2 || got[0] != "0" || got[1] != "/dev/null" {
		t.Fatalf("stdin:false: %q", res.stdout)
	}
}

func TestE2EEnvAndCwd(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	r := req("env")
	r.Env = []string{"A=1", "B=two words", "HOME=/elsewhere"} // no PATH: the default one finds env
	r.ClearEnv = true
	res := s.exec(1, r)
	res.mustExit(t, 0)
	if string(res.stdout) != "HOME=/elsewhere\nA=1\nB=two words\n" {
		t.Fatalf("env: %q", res.stdout)
	}
	// Without clearEnv the call starts from the supervisor's own environment, HOME is the user's.
	r = req("env")
	r.Env = []string{"A=over"}
	r.User = "65534"
	r.Cwd = "/"
	res = s.exec(10, r)
	res.mustExit(t, 0)
	got := "\n" + string(res.stdout)
	for _, want := range []string{"\n" + underTestEnv + "=1\n", "\nA=over\n", "\nHOME=/nonexistent\n"} {
		if !strings.Contains(got, want) {
			t.Fatalf("base env: %q lacks %q", res.stdout, want)
		}
	}

	dir, _ := filepath.EvalSymlinks(t.TempDir())
	r = req("/bin/sh", "-c", "pwd; ./hello.sh")
	r.Cwd = dir
	os.WriteFile(filepath.Join(dir, "hello.sh"), []byte("#!/bin/sh\necho hello\n"), 0o755)
	res = s.exec(2, r)
	res.mustExit(t, 0)
	if string(res.stdout) != dir+"\nhello\n" {
		t.Fatalf("cwd: %q", res.stdout)
	}

	// A relative argv[0] with a slash is resolved against cwd.
	rel := req("./hello.sh")
	rel.Cwd = dir
	res = s.exec(3, rel)
	res.mustExit(t, 0)
	if string(res.stdout) != "hello\n" {
		t.Fatalf("./hello.sh: %q", res.stdout)
	}

	for i, cwd := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "hello.sh")} {
		r.Cwd = cwd
		res = s.exec(uint32(4+i), r)
		if res.err == nil || res.err.Code != "workdir" {
			t.Fatalf("cwd %s: %+v", cwd, res)
		}
	}
}

func TestE2ECallErrors(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data"), []byte("x"), 0o644)
	noExec := req(filepath.Join(dir, "data"))
	inPath := req("data")
	inPath.Env = []string{"PATH=/nonexistent:" + dir}
	badUser := req("true")
	badUser.User = "no-such-user"
	cases := []struct {
		r    execRequest
		code string
		exit int
		text string
	}{
		{req("no-such-binary-llmsb"), "spawn", 127, "not found"},
		{req("/no/such/binary"), "spawn", 127, "not found"},
		{noExec, "spawn", 126, "not executable"},
		{inPath, "spawn", 126, "not executable"},
		{req(dir), "spawn", 126, "not executable"},
		{badUser, "user", 0, "unknown user"},
		{req(), "bad_request", 0, "argv"},
	}
	for i, tc := range cases {
		res := s.exec(uint32(i+1), tc.r)
		if res.err == nil || res.err.Code != tc.code || res.err.ExitCode != tc.exit || !strings.Contains(res.err.Message, tc.text) {
			t.Errorf("%v: got %+v", tc.r.Argv, res.err)
		}
	}
	// A second EXEC while a call runs is refused, and the first one is unaffected.
	s.send(tExec, 100, mustJSON(req("sleep", "30")))
	s.expect(tStarted, 100)
	s.send(tExec, 101, mustJSON(req("true")))
	var m errorMsg
	decode(t, s.expect(tError, 101), &m)
	if m.Code != "busy" {
		t.Fatalf("got %+v, want busy", m)
	}
	s.send(tKill, 100, nil)
	s.collect(100, time.Now())
}

func TestE2ETimeoutAndKill(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	r := req("sleep", "30")
	r.TimeoutMs = 500
	res := s.exec(1, r)
	res.mustExit(t, 137)
	if !res.exit.TimedOut || res.exit.Killed || res.exit.Signal != "SIGKILL" || res.elapsed > 2*time.Second {
		t.Fatalf("timeout: %+v after %v", *res.exit, res.elapsed)
	}

	start := time.Now()
	s.send(tExec, 2, mustJSON(req("sleep", "30")))
	s.expect(tStarted, 2)
	s.send(tKill, 2, nil)
	res = s.collect(2, start)
	res.mustExit(t, 137)
	if !res.exit.Killed || res.exit.TimedOut || res.elapsed > 2*time.Second {
		t.Fatalf("kill: %+v after %v", *res.exit, res.elapsed)
	}
}

func TestE2ENothingSurvives(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	// Each background sleep prints its pid, then the call's shell returns.
	r := req("/bin/sh", "-c", `setsid sh -c "echo \$\$; touch $D/a; exec sleep 100" &
( sh -c "echo \$\$; touch $D/b; exec sleep 100" & ) &
for i in 1 2 3 4 5 6 7 8; do sleep 100 & done
while [ ! -e "$D/a" ] || [ ! -e "$D/b" ]; do sleep 0.01; done`)
	r.Env = append(r.Env, "D="+t.TempDir())
	res := s.exec(1, r)
	res.mustExit(t, 0)
	if res.elapsed > 5*time.Second {
		t.Fatalf("call took %v", res.elapsed)
	}
	for _, pid := range pids(t, res.stdout, 2) {
		if !gone(pid) {
			t.Errorf("detached pid %d survived the call", pid)
		}
	}

	// A grandchild holding stdout open does not hold up the call.
	res = s.exec(2, req("/bin/sh", "-c", "sleep 100 & echo $!"))
	res.mustExit(t, 0)
	if res.elapsed > 2*time.Second || !gone(pids(t, res.stdout, 1)[0]) {
		t.Fatalf("grandchild: %q after %v", res.stdout, res.elapsed)
	}

	// A shell that keeps forking while being killed is still cleaned up.
	r = req("/bin/sh", "-c", "while :; do sleep 100 & done")
	r.TimeoutMs = 300
	res = s.exec(3, r)
	if !res.exit.TimedOut || res.elapsed > 3*time.Second {
		t.Fatalf("respawner: %+v after %v", *res.exit, res.elapsed)
	}
	if left, err := victims(s.cmd.Process.Pid, false, nil); err != nil || len(left) != 0 {
		t.Fatalf("after EXIT the supervisor still has descendants %v (%v)", left, err)
	}
}

func TestE2EDeadOwner(t *testing.T) {
	t.Parallel()
	s := startSup(t)
	s.hello(500)
	s.send(tExec, 1, mustJSON(req("/bin/sh", "-c", "echo $$; exec sleep 100")))
	s.expect(tStarted, 1)
	pid := pids(t, s.expect(tStdout, 1).payload, 1)[0]
	start := time.Now()
	if code := s.waitExit(3 * time.Second); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("exited after %v", d)
	}
	if !gone(pid) {
		t.Fatalf("call pid %d survived the supervisor", pid)
	}
}

func TestE2EStdinEOFAndSIGTERM(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	s.in.Close()
	if code := s.waitExit(2 * time.Second); code != 0 {
		t.Fatalf("stdin EOF: exit status %d", code)
	}
	s = startSup(t)
	s.hello(0)
	s.cmd.Process.Signal(syscall.SIGTERM)
	if code := s.waitExit(2 * time.Second); code != 0 {
		t.Fatalf("SIGTERM: exit status %d", code)
	}
}

func TestE2EOutputCap(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	var want bytes.Buffer
	for i := 1; i <= 150000; i++ {
		fmt.Fprintf(&want, "%d\n", i) // ~1 MB, as seq prints it
	}
	r := req("/bin/sh", "-c", "seq 1 150000; echo small >&2")
	r.MaxOutputBytes = 1000
	res := s.exec(1, r)
	res.mustExit(t, 0)
	w := want.Bytes()
	if !bytes.Equal(res.stdout, append(append([]byte{}, w[:500]...), w[len(w)-500:]...)) {
		t.Fatalf("stdout: %d bytes: %q ... %q", len(res.stdout), res.stdout[:min(40, len(res.stdout))], res.stdout[max(0, len(res.stdout)-40):])
	}
	if len(res.dropped) != 1 || res.dropped[0] != (droppedMsg{Stream: "stdout", Bytes: int64(len(w) - 1000)}) {
		t.Fatalf("dropped %+v", res.dropped)
	}
	if string(res.stderr) != "small\n" {
		t.Fatalf("stderr %q", res.stderr)
	}
	// The head streams before DROPPED, the tail after it.
	var before int
	for _, e := range res.events {
		if e == "dropped:stdout" {
			break
		}
		if e == "out" {
			before++
		}
	}
	if before == 0 || before == strings.Count(strings.Join(res.events, " "), "out") {
		t.Fatalf("frame order %v", res.events)
	}
}

func TestE2EControlBeforeData(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	s.send(tExec, 1, mustJSON(req("yes")))
	s.expect(tStarted, 1)
	s.expect(tStdout, 1)
	time.Sleep(300 * time.Millisecond) // let output pile up behind a slow reader
	s.send(tPing, 77, nil)
	data := 0
	for {
		f := s.next(5 * time.Second)
		if f.typ == tPong && f.id == 77 {
			break
		}
		if f.typ != tStdout {
			t.Fatalf("unexpected frame 0x%02x", f.typ)
		}
		data++
		time.Sleep(5 * time.Millisecond)
	}
	// Only frames already written or in flight may precede the PONG, not the queue.
	if data > 8 {
		t.Fatalf("PONG came after %d data frames", data)
	}
	s.send(tKill, 1, nil)
	for {
		f := s.next(10 * time.Second)
		if f.typ == tExit {
			var m exitMsg
			decode(t, f, &m)
			if !m.Killed {
				t.Fatalf("exit %+v", m)
			}
			return
		}
	}
}

func TestE2EUser(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root")
	}
	s := helloSup(t)
	for i, user := range []string{"65534", "nobody", "65534:65534"} {
		r := req("/bin/sh", "-c", "id -u; id -G; grep CapEff /proc/self/status")
		r.User = user
		res := s.exec(uint32(i+1), r)
		res.mustExit(t, 0)
		if got := strings.Fields(string(res.stdout)); strings.Join(got, " ") != "65534 65534 CapEff: 0000000000000000" {
			t.Fatalf("user %s: %q", user, res.stdout)
		}
	}
}
