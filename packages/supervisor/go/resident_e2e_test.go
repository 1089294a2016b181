package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// residentScript prints its child's pid, then the pid of that child's child,
// and exits after one line of stdin. The child ends up as a sleep (spared as
// the resident's own child); the grandchild is a sleep too (not spared).
const residentScript = `sh -c 'sleep 301 & echo $!; exec sleep 302' & echo $!; read x`

// residentPids starts the resident as call id and returns (child, grandchild).
func (s *sup) startResidentScript(id uint32) (int, int) {
	s.t.Helper()
	r := req("/bin/sh", "-c", residentScript)
	r.Resident, r.Stdin = true, true
	s.send(tExec, id, mustJSON(r))
	s.expect(tStarted, id)
	var out []byte
	for len(strings.Fields(string(out))) < 2 {
		out = append(out, s.expect(tStdout, id).payload...)
	}
	p := pids(s.t, out, 2)
	return p[0], p[1]
}

func TestE2EResidentOutlivesCallsAndSweeps(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	child, grandchild := s.startResidentScript(1)

	s.exec(2, req("/bin/true")).mustExit(t, 0)
	time.Sleep(50 * time.Millisecond)
	if gone(child) {
		t.Fatal("the resident's own child did not survive the end of a call")
	}
	if !deadOrZombie(grandchild) {
		t.Fatal("a process under the resident's child outlived the call")
	}

	s.send(tSweep, 3, nil)
	var swept sweptMsg
	decode(t, s.expect(tSwept, 3), &swept)
	if !swept.Ok || gone(child) {
		t.Fatalf("SWEEP: %+v, child gone: %v", swept, gone(child))
	}

	second := req("/bin/sleep", "5")
	second.Resident = true
	s.send(tExec, 4, mustJSON(second))
	var busy errorMsg
	decode(t, s.expect(tError, 4), &busy)
	if busy.Code != "busy" {
		t.Fatalf("a second resident: %+v, want busy", busy)
	}

	// One line ends the resident; its end spares nothing.
	s.send(tStdin, 1, []byte("\n"))
	var exit exitMsg
	decode(t, s.expect(tExit, 1), &exit)
	if exit.ExitCode != 0 || !gone(child) {
		t.Fatalf("resident end: %+v, child gone: %v", exit, gone(child))
	}
	s.exec(5, req("/bin/true")).mustExit(t, 0) // the call slot was never taken
}

func TestE2EResidentKillAndSweepWhileBusy(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	child, _ := s.startResidentScript(1)

	s.send(tExec, 2, mustJSON(req("/bin/sleep", "5")))
	s.expect(tStarted, 2)
	s.send(tSweep, 3, nil)
	var busy errorMsg
	decode(t, s.expect(tError, 3), &busy)
	if busy.Code != "busy" {
		t.Fatalf("SWEEP during a call: %+v, want busy", busy)
	}
	s.send(tKill, 2, nil)
	s.expect(tExit, 2)

	s.send(tKill, 1, nil)
	var exit exitMsg
	decode(t, s.expect(tExit, 1), &exit)
	if !exit.Killed || !gone(child) {
		t.Fatalf("killed resident: %+v, child gone: %v", exit, gone(child))
	}
}

// deadOrZombie: a killed child of a spared process stays a zombie until that
// process reaps it; it runs no code.
func deadOrZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || bytes.Contains(b, []byte(") Z "))
}
