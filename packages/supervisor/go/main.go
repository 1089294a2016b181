// Command llmsb-supervisor is the main process of an llmsb sandbox: it runs
// calls for the library over the protocol in PROTOCOL.md and makes sure
// nothing a call starts outlives it.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
)

func main() {
	switch {
	case len(os.Args) == 1:
		run()
	case len(os.Args) == 2 && os.Args[1] == "--version":
		fmt.Printf("llmsb-supervisor %s (protocol %d)\n", supervisorVersion, protocolVersion)
	case len(os.Args) == 3 && os.Args[1] == "--install":
		if err := installSelf(os.Args[2]); err != nil {
			fmt.Fprintf(os.Stderr, "llmsb-supervisor: %v\n", err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: llmsb-supervisor [--version | --install PATH]")
		os.Exit(2)
	}
}

// run serves the protocol on stdin/stdout; it never returns.
func run() {
	sigs := catchSignals()
	debug.SetGCPercent(50) // output buffers churn; keep the heap near the live set
	// Orphans of calls re-parent to us even when we are not PID 1.
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, 36 /* PR_SET_CHILD_SUBREAPER */, 1, 0); e != 0 {
		logf("PR_SET_CHILD_SUBREAPER: %v", e)
	}
	// Not dumpable: /proc/<our pid>/fd (the protocol stream) is then closed
	// even to root in the sandbox unless it holds CAP_SYS_PTRACE. Calls are
	// unaffected: execve resets this flag.
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, 4 /* PR_SET_DUMPABLE */, 0, 0); e != 0 {
		logf("PR_SET_DUMPABLE: %v", e)
	}
	cloexecInheritedFDs()
	warmThreads()
	r := startReaper()
	s := newSession(os.Stdout, r)
	go handleSignals(sigs, s)
	s.serve(os.Stdin)
}

// catchSignals keeps user activity from killing us. As PID 1 any signal we
// have a handler for is delivered, and Go installs handlers for nearly all;
// these are the ones whose Go default, when sent with kill(2), is to exit or
// crash (real faults still crash). It runs first thing, and uses Notify rather
// than Ignore so children start with default dispositions (SIG_IGN would be
// inherited across exec).
func catchSignals() chan os.Signal {
	c := make(chan os.Signal, 8)
	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGPIPE,
		syscall.SIGQUIT, syscall.SIGABRT, syscall.SIGILL, syscall.SIGTRAP, syscall.SIGBUS,
		syscall.SIGFPE, syscall.SIGSEGV, syscall.SIGSTKFLT, syscall.SIGSYS)
	return c
}

// handleSignals discards caught signals; only SIGTERM (engine stop) ends the session.
func handleSignals(c chan os.Signal, s *session) {
	for sig := range c {
		if sig == syscall.SIGTERM {
			s.shutdown(0, "SIGTERM")
		}
	}
}

// cloexecInheritedFDs marks descriptors we inherited beyond 0-2 close-on-exec,
// so nothing handed to us by the engine leaks into calls.
func cloexecInheritedFDs() {
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		if fd, err := strconv.Atoi(n); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

// warmThreads makes the runtime create spare OS threads now. Idle threads are
// kept, so later a fork bomb that fills the pids limit cannot make the
// runtime fail (fatally) to create one on the kill path.
func warmThreads() {
	var locked, done sync.WaitGroup
	release := make(chan struct{})
	for i := 0; i < 8; i++ {
		locked.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			runtime.LockOSThread() // a locked goroutine owns its thread outright
			locked.Done()
			<-release
			runtime.UnlockOSThread() // exiting while locked would destroy the thread
		}()
	}
	locked.Wait()
	close(release)
	done.Wait()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "llmsb-supervisor: "+format+"\n", args...)
}
