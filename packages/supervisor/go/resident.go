package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// residentPid is the pid of the session's resident process (0: none). Kills at a
// call's end and SWEEPs spare it and its direct children (the kernel it started);
// everything else of the sandbox user still dies. One session per supervisor, so
// one variable.
var residentPid atomic.Int32

// sweptMsg answers SWEEP: ok is false when some process survived the kill.
type sweptMsg struct {
	Ok bool `json:"ok"`
}

// startResident starts an EXEC with resident: true. It takes no call slot, so
// calls and SWEEPs run while it lives; at most one lives at a time.
func (s *session) startResident(id uint32, req *execRequest) {
	if s.res != nil {
		select {
		case <-s.res.done:
		default:
			s.callError(id, &callError{Code: "busy", Message: fmt.Sprintf("resident %d is still running", s.res.id)})
			return
		}
	}
	req.TimeoutMs = 0 // a resident lives until it exits or is killed
	c, cerr := startCall(s, id, req)
	if cerr != nil {
		s.callError(id, cerr)
		return
	}
	s.res = c
}

// endProcesses kills what must not outlive c. A call's end spares the resident;
// the resident's end spares nothing.
func (c *call) endProcesses() {
	if c.forkServer {
		// Its end takes only its own group (itself and its spares): the
		// processes it made for calls belong to those calls.
		forkServerPid.CompareAndSwap(int32(c.pid), 0)
		c.sess.reaper.killGroup(c.pid)
		return
	}
	if c.resident {
		residentPid.CompareAndSwap(int32(c.pid), 0)
	}
	c.sess.reaper.killGroup(c.pid) // works even without /proc
	c.sess.killAll()
}

// sweep kills every process a call's end would (all but the supervisor, the
// resident and its direct children) and answers SWEPT. Refused while a call
// runs: its processes are that call's to end.
func (s *session) sweep(id uint32) {
	if id == 0 {
		s.fail("protocol", "SWEEP with id 0 (reserved for session-level frames)", 2)
	}
	if s.busy() {
		s.callError(id, &callError{Code: "busy", Message: fmt.Sprintf("call %d is still running", s.cur.id)})
		return
	}
	go func() {
		ok := s.killAll()
		s.w.control(outFrame{frame: frame{typ: tSwept, id: id, payload: mustJSON(sweptMsg{Ok: ok})}})
	}()
}

// spared lists the processes a kill leaves alone: the resident and the
// processes it started itself (not theirs), the fork server, and the spares it
// keeps ready for the next warm call. The server clones each spare as our child
// (CLONE_PARENT) in its own process group, as root; a spare leaves that group
// when a call takes it, before it learns anything of the call, and is that
// call's from then on. Sandboxed code can join the group but cannot be root, and
// a call's process (isCall) is never spared.
func spared(procs []procInfo, self int, isCall func(pid int) bool) map[int]bool {
	out := map[int]bool{}
	if root := int(residentPid.Load()); root != 0 {
		out[root] = true
		for _, p := range procs {
			if p.ppid == root && !p.zombie {
				out[p.pid] = true
			}
		}
	}
	if server := int(forkServerPid.Load()); server != 0 {
		out[server] = true
		for _, p := range procs {
			if p.ppid == self && p.pgrp == server && p.pid != server && !p.zombie && !isCall(p.pid) && runsAsRoot(p.pid) {
				out[p.pid] = true
			}
		}
	}
	return out
}

// runsAsRoot tells whether every uid of the process (real, effective, saved,
// filesystem) is 0; false when it cannot be read.
func runsAsRoot(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			ids := strings.Fields(rest)
			return len(ids) == 4 && ids[0] == "0" && ids[1] == "0" && ids[2] == "0" && ids[3] == "0"
		}
	}
	return false
}

// sparing tells whether a kill must leave some process alive.
func sparing() bool { return residentPid.Load() != 0 || forkServerPid.Load() != 0 }
