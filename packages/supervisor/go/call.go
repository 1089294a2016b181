package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// call is one EXEC: its process tree, pipes and the frames it produces.
type call struct {
	id      uint32
	pid     int
	start   time.Time
	timeout time.Duration
	exited  <-chan waitResult
	stdin   *stdinFeed // nil when the request had stdin: false
	out     *stream
	err     *stream
	sess    *session

	resident   bool // see resident.go
	forkServer bool // see forkserver.go
	warm       bool // started by the fork server
	file       *callFile

	killOnce sync.Once
	killReq  chan struct{} // closed by KILL
	ended    chan struct{} // closed once its processes are gone
	done     chan struct{} // closed once EXIT is queued (after all its data)
}

func validate(req *execRequest) string {
	switch {
	case len(req.Argv) == 0 || req.Argv[0] == "":
		return "argv must be non-empty"
	case req.Cwd == "":
		return "cwd is required"
	case req.User == "":
		return "user is required"
	case req.TimeoutMs < 0 || req.MaxOutputBytes < 0:
		return "timeoutMs and maxOutputBytes must not be negative"
	case req.File != nil && (!strings.HasPrefix(req.File.Path, "/") || strings.IndexByte(req.File.Path, 0) >= 0):
		return "file.path must be absolute and without NUL"
	}
	for _, s := range append(append([]string{req.Cwd}, req.Argv...), req.Env...) {
		if strings.IndexByte(s, 0) >= 0 {
			return "strings must not contain NUL"
		}
	}
	return ""
}

// startCall starts req's process; on failure it returns the ERROR to send.
// extra descriptors become the process's fd 3 onwards.
func startCall(s *session, id uint32, req *execRequest, extra ...*os.File) (*call, *callError) {
	if msg := validate(req); msg != "" {
		return nil, &callError{Code: "bad_request", Message: msg}
	}
	cr, err := lookupUser(req.User)
	if err != nil {
		return nil, &callError{Code: "user", Message: err.Error()}
	}
	var st syscall.Stat_t
	if err := syscall.Stat(req.Cwd, &st); err != nil {
		return nil, &callError{Code: "workdir", Message: fmt.Sprintf("%s: %v", req.Cwd, err)}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		return nil, &callError{Code: "workdir", Message: req.Cwd + ": not a directory"}
	}
	if !mayExec(&st, cr) {
		return nil, &callError{Code: "workdir", Message: req.Cwd + ": permission denied"}
	}
	env := callEnv(req, cr)
	path, cerr := lookPath(req.Argv[0], env, req.Cwd, cr)
	if cerr != nil {
		return nil, cerr
	}
	file, cerr := writeCallFile(req.File, cr)
	if cerr != nil {
		return nil, cerr
	}
	started := false
	defer func() {
		if !started {
			file.remove()
		}
	}()

	c := &call{id: id, sess: s, resident: req.Resident, forkServer: req.ForkServer, file: file, start: time.Now(), killReq: make(chan struct{}),
		ended: make(chan struct{}), done: make(chan struct{})}
	if req.TimeoutMs <= math.MaxInt64/int64(time.Millisecond) { // larger: no timeout
		c.timeout = time.Duration(req.TimeoutMs) * time.Millisecond
	}
	// The child gets exactly these three descriptors; everything else the
	// supervisor holds (its protocol stream included) is close-on-exec.
	var childIn *os.File
	if req.Stdin {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, startError(err)
		}
		childIn, c.stdin = r, newStdinFeed(w)
	} else if childIn, err = os.Open(os.DevNull); err != nil {
		return nil, startError(err)
	}
	defer childIn.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		c.closeStdin()
		return nil, startError(err)
	}
	defer outW.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		c.closeStdin()
		outR.Close()
		return nil, startError(err)
	}
	defer errW.Close()

	files := []uintptr{childIn.Fd(), outW.Fd(), errW.Fd()}
	for _, f := range extra {
		files = append(files, f.Fd())
	}
	attr := &syscall.ProcAttr{
		Dir:   req.Cwd,
		Env:   env,
		Files: files,
		Sys: &syscall.SysProcAttr{
			Setpgid:    true,
			Credential: credential(cr),
		},
	}
	var ctl *os.File // the warm process's control pipe, when the fork server made it
	c.pid, c.exited, err = s.reaper.spawn(func() (int, error) {
		if req.Warm && s.fs.usable() {
			if pid, w, err := s.fs.start([3]*os.File{childIn, outW, errW}); err == nil {
				c.warm, ctl = true, w
				return pid, nil
			} else {
				logf("warm call %d starts cold: %v", id, err)
				if !errors.Is(err, errForkRefused) {
					s.fs.call.kill()
				}
			}
		}
		pid, _, err := syscall.StartProcess(path, req.Argv, attr)
		return pid, err
	})
	if err != nil {
		c.closeStdin()
		outR.Close()
		errR.Close()
		if isExecErrno(err) {
			return nil, notExecutable(req.Argv[0], err)
		}
		return nil, startError(err)
	}
	if c.resident {
		residentPid.Store(int32(c.pid)) // before anything can end it or kill around it
	}
	if c.forkServer {
		forkServerPid.Store(int32(c.pid))
	}
	if ctl != nil {
		go sendWarmCall(ctl, req, path, env, cr)
	}
	c.out = newStream("stdout", tStdout, id, outR, req.MaxOutputBytes, s.w)
	c.err = newStream("stderr", tStderr, id, errR, req.MaxOutputBytes, s.w)
	// STARTED is queued before any output can be, so it is written first.
	s.w.control(outFrame{frame: frame{typ: tStarted, id: id, payload: mustJSON(startedMsg{Pid: c.pid, Warm: c.warm})}})
	go c.out.run()
	go c.err.run()
	if c.stdin != nil {
		go c.stdin.run(c.ended)
	}
	go c.run()
	started = true
	return c, nil
}

func startError(err error) *callError {
	return &callError{Code: "spawn", Message: "cannot start: " + err.Error(), ExitCode: 126}
}

// isExecErrno tells execve's "this file cannot run" errors (126) from resource
// failures such as EAGAIN under a pids limit.
func isExecErrno(err error) bool {
	switch err {
	case syscall.EACCES, syscall.ENOEXEC, syscall.ENOENT, syscall.EISDIR, syscall.ENOTDIR,
		syscall.ETXTBSY, syscall.ELOOP, syscall.E2BIG, syscall.EPERM, syscall.ELIBBAD:
		return true
	}
	return false
}

func (c *call) closeStdin() {
	if c.stdin != nil {
		c.stdin.pipe.Close()
	}
}

func (c *call) kill() { c.killOnce.Do(func() { close(c.killReq) }) }

// pushStdin hands data to the feeder. It blocks while the feeder's queue is
// full (backpressure to the library), but never past the call's end.
func (c *call) pushStdin(b []byte) {
	select {
	case c.stdin.ch <- b:
	case <-c.ended:
	}
}

func (c *call) run() {
	var timeout <-chan time.Time
	if c.timeout > 0 {
		t := time.NewTimer(c.timeout)
		defer t.Stop()
		timeout = t.C
	}
	var res *waitResult
	var killed, timedOut bool
	select {
	case r := <-c.exited:
		res = &r
	case <-c.killReq:
		killed = true
	case <-timeout:
		timedOut = true
	}
	// However it ended, nothing the call started may outlive it: this also
	// releases pipes held open by detached grandchildren.
	c.endProcesses()
	for res == nil {
		select {
		case r := <-c.exited:
			res = &r
		case <-time.After(killTimeout):
			c.sess.killAll() // the call's own process survived; keep trying
		}
	}
	close(c.ended)
	c.file.remove() // before EXIT: the owner then finds the sandbox as the call found it
	c.closeStdin()
	c.out.stop()
	c.err.stop()
	<-c.out.done
	<-c.err.done
	c.out.finish()
	c.err.finish()

	msg := exitMsg{ExitCode: res.status.ExitStatus(), TimedOut: timedOut, Killed: killed}
	if res.status.Signaled() {
		msg.ExitCode = 128 + int(res.status.Signal())
		msg.Signal = signalName(res.status.Signal())
	}
	msg.Usage = usage{
		CPUUserMs:   res.rusage.Utime.Nano() / 1e6,
		CPUSystemMs: res.rusage.Stime.Nano() / 1e6,
		MaxRSSKB:    res.rusage.Maxrss,
		WallMs:      time.Since(c.start).Milliseconds(),
	}
	// EXIT follows all of the call's data. Queuing it and marking the call
	// done happen together, so the owner cannot see EXIT and still get busy,
	// and the next call's STARTED cannot overtake it.
	c.sess.w.flushData()
	c.sess.endMu.Lock()
	c.sess.w.control(outFrame{frame: frame{typ: tExit, id: c.id, payload: mustJSON(msg)}})
	close(c.done)
	c.sess.endMu.Unlock()
}
