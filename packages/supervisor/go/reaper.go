package main

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type waitResult struct {
	status syscall.WaitStatus
	rusage syscall.Rusage
}

// reaper is the only waiter in the process: it reaps every child, orphans
// included, and hands a call's direct child status to that call. Its lock
// also spans spawning and killing so a pid cannot be reaped (and reused)
// between being started or scanned and being registered or signalled.
type reaper struct {
	mu      sync.Mutex
	waiters map[int]chan waitResult
}

func startReaper() *reaper {
	r := &reaper{waiters: map[int]chan waitResult{}}
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, syscall.SIGCHLD)
	go func() {
		for {
			r.mu.Lock()
			r.reapLocked()
			r.mu.Unlock()
			<-sigchld
		}
	}()
	return r
}

// reapLocked collects every exited child. __WALL also covers children whose
// exit signal is not SIGCHLD.
func (r *reaper) reapLocked() {
	for {
		var res waitResult
		pid, err := syscall.Wait4(-1, &res.status, syscall.WNOHANG|syscall.WALL, &res.rusage)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || pid <= 0 {
			return
		}
		if c, ok := r.waiters[pid]; ok {
			delete(r.waiters, pid)
			c <- res
		}
	}
}

// spawn runs start (which creates one process) and registers its pid before
// the reaper can collect it.
func (r *reaper) spawn(start func() (int, error)) (int, <-chan waitResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	pid, err := start()
	if err != nil {
		return 0, nil, err
	}
	c := make(chan waitResult, 1)
	r.waiters[pid] = c
	return pid, c, nil
}

// killGroup SIGKILLs the process group of a registered child that has not
// been reaped: until then its pid, hence its group id, cannot be reused.
func (r *reaper) killGroup(pid int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.waiters[pid]; ok {
		syscall.Kill(-pid, syscall.SIGKILL)
	}
}
