package main

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// killTimeout bounds one killAll before it gives up and says so.
const killTimeout = 5 * time.Second

var killMu sync.Mutex

// killAll SIGKILLs every descendant of the supervisor and returns true once
// /proc shows none and our zombies are reaped. With everything (honoured only
// as PID 1, where -1 means "this PID namespace") it also kills every other
// process. It uses only syscalls and /proc: no process or thread is created,
// so it works while a fork bomb holds the pids limit.
func (r *reaper) killAll(everything bool) bool {
	killMu.Lock()
	defer killMu.Unlock()
	self := os.Getpid()
	everything = everything && self == 1
	deadline := time.Now().Add(killTimeout)
	pause := time.Millisecond
	for {
		// As PID 1, one kill(-1) reaches every process at once, before a fork bomb can use the
		// time the /proc scan below takes; the scan then finds stragglers and confirms.
		// kill(-1) cannot spare a resident or fork server; the scan below then does all the work.
		fast := everything && !sparing()
		if fast {
			syscall.Kill(-1, syscall.SIGKILL)
		}
		r.mu.Lock()
		r.reapLocked()
		left, err := victims(self, everything, r.waiters)
		// Stop first so nothing forks or reaps (freeing pids) while we kill.
		for _, pid := range left {
			syscall.Kill(pid, syscall.SIGSTOP)
		}
		for _, pid := range left {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		if fast {
			syscall.Kill(-1, syscall.SIGKILL)
		}
		r.mu.Unlock()
		if err == nil && len(left) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			logf("kill: gave up after %v: %d processes left (/proc error: %v)", killTimeout, len(left), err)
			return false
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

type procInfo struct {
	pid, ppid, pgrp int
	zombie          bool
}

// victims lists the processes still to be killed or reaped: descendants of
// self, or with everything all others except zombies whose parent is outside
// the namespace (ppid 0) or spared (resident.go), which only that parent can reap.
// calls holds the pids of calls' processes, which are never spared.
func victims(self int, everything bool, calls map[int]chan waitResult) ([]int, error) {
	procs, err := scanProc()
	spare := spared(procs, self, func(pid int) bool { _, ok := calls[pid]; return ok })
	var out []int
	if everything {
		for _, p := range procs {
			if p.pid != self && !spare[p.pid] && !(p.zombie && (p.ppid == 0 || spare[p.ppid])) {
				out = append(out, p.pid)
			}
		}
		return out, err
	}
	children := map[int][]int{}
	pids := map[int]procInfo{}
	for _, p := range procs {
		pids[p.pid] = p
		children[p.ppid] = append(children[p.ppid], p.pid)
	}
	queue := children[self]
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if pid == self {
			continue
		}
		if !spare[pid] && !(pids[pid].zombie && spare[pids[pid].ppid]) { // only a spared parent can reap its zombie
			out = append(out, pid)
		}
		queue = append(queue, children[pid]...)
	}
	return out, err
}

func scanProc() ([]procInfo, error) {
	d, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return nil, err
	}
	procs := make([]procInfo, 0, len(names))
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue // exited meanwhile
		}
		if p, ok := parseStat(pid, b); ok {
			procs = append(procs, p)
		}
	}
	return procs, nil
}

// parseStat reads state, ppid and pgrp from /proc/<pid>/stat: "pid (comm) S ppid pgrp ...".
// comm may contain anything, so fields start after the last ')'.
func parseStat(pid int, b []byte) (procInfo, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procInfo{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 || len(f[0]) != 1 {
		return procInfo{}, false
	}
	ppid, err := strconv.Atoi(string(f[1]))
	if err != nil {
		return procInfo{}, false
	}
	pgrp, err := strconv.Atoi(string(f[2]))
	if err != nil {
		return procInfo{}, false
	}
	return procInfo{pid: pid, ppid: ppid, pgrp: pgrp, zombie: f[0][0] == 'Z'}, true
}
