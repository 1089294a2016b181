package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// forkServerPid is the pid of the session's fork server (0: none). It and the
// spares it keeps ready are spared at a call's end and at a SWEEP (resident.go);
// a spare leaves the server's process group when it gets a call (see fork).
var forkServerPid atomic.Int32

// forkTimeout bounds one fork request; a server slower than this is killed and
// the call starts cold.
const forkTimeout = 5 * time.Second

// errForkRefused is the server's "0": it could not fork this time (a full pids
// limit, say) but is still sound, so only this call starts cold.
var errForkRefused = errors.New("the fork server could not fork")

// forkServer is a warm interpreter started with EXEC forkServer: true. It gets
// one end of a SOCK_SEQPACKET socketpair as fd 3, says "ready" once, and then
// per warm call receives the call's stdio and a control pipe (SCM_RIGHTS) and
// answers with the pid of a process it made for the call.
type forkServer struct {
	call  *call
	conn  *net.UnixConn
	ready atomic.Bool
	mu    sync.Mutex // one fork at a time
}

// warmCall is what the forked process reads from its control pipe: everything
// per call reaches it only, after the fork.
type warmCall struct {
	Argv       []string `json:"argv"`
	Executable string   `json:"executable"` // argv[0] as found on PATH
	Env        []string `json:"env"`
	Cwd        string   `json:"cwd"`
	UID        uint32   `json:"uid"`
	GID        uint32   `json:"gid"`
	Groups     []uint32 `json:"groups"`
}

// startForkServer starts an EXEC with forkServer: true. It takes no call slot;
// at most one lives at a time.
func (s *session) startForkServer(id uint32, req *execRequest) {
	if s.fs != nil && !s.fs.ended() {
		s.callError(id, &callError{Code: "busy", Message: fmt.Sprintf("fork server %d is still running", s.fs.call.id)})
		return
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		s.callError(id, startError(err))
		return
	}
	theirs := os.NewFile(uintptr(fds[1]), "fork-server")
	defer theirs.Close()
	ours := os.NewFile(uintptr(fds[0]), "fork-server-conn")
	fc, err := net.FileConn(ours)
	ours.Close()
	if err != nil {
		s.callError(id, startError(err))
		return
	}
	req.TimeoutMs = 0 // it lives until it exits or is killed
	c, cerr := startCall(s, id, req, theirs)
	if cerr != nil {
		fc.Close()
		s.callError(id, cerr)
		return
	}
	fs := &forkServer{call: c, conn: fc.(*net.UnixConn)}
	s.fs = fs
	go fs.awaitReady()
	go func() {
		<-c.ended
		fs.conn.Close()
	}()
}

func (fs *forkServer) ended() bool {
	select {
	case <-fs.call.ended:
		return true
	default:
		return false
	}
}

// awaitReady marks the server usable once it says "ready" (after its imports).
func (fs *forkServer) awaitReady() {
	buf := make([]byte, 16)
	n, err := fs.conn.Read(buf)
	if err == nil && string(buf[:n]) == "ready" {
		fs.ready.Store(true)
		return
	}
	fs.call.kill()
}

// usable tells whether warm calls may go to this server now.
func (fs *forkServer) usable() bool { return fs != nil && fs.ready.Load() && !fs.ended() }

// fork asks the server for a process with these stdio descriptors and control
// pipe, and returns its pid. The server cloned it as our child (CLONE_PARENT):
// we reap it and get its exit status and usage as for any call. It waits on the
// control pipe, so it cannot have exited yet; the caller holds the reaper's lock,
// so it cannot have been reaped either.
func (fs *forkServer) fork(stdio [3]*os.File, ctl *os.File) (int, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.conn.SetDeadline(time.Now().Add(forkTimeout))
	defer fs.conn.SetDeadline(time.Time{})
	rights := syscall.UnixRights(int(stdio[0].Fd()), int(stdio[1].Fd()), int(stdio[2].Fd()), int(ctl.Fd()))
	if _, _, err := fs.conn.WriteMsgUnix([]byte("fork"), rights, nil); err != nil {
		return 0, err
	}
	buf := make([]byte, 32)
	n, err := fs.conn.Read(buf)
	if err != nil {
		return 0, err
	}
	if string(buf[:n]) == "0" {
		return 0, errForkRefused
	}
	pid, err := strconv.Atoi(string(buf[:n]))
	if err != nil || pid <= 1 {
		return 0, fmt.Errorf("fork server answered %q", buf[:n])
	}
	if p, ok := readProc(pid); !ok || p.ppid != os.Getpid() || p.zombie {
		return 0, fmt.Errorf("pid %d from the fork server is not a live child of the supervisor", pid)
	}
	return pid, nil
}

func readProc(pid int) (procInfo, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procInfo{}, false
	}
	return parseStat(pid, b)
}

// sendWarmCall hands the forked process its call and closes the pipe; a
// process that dies before reading it ends the call like any early exit.
func sendWarmCall(ctl *os.File, req *execRequest, path string, env []string, cr cred) {
	b, _ := json.Marshal(warmCall{Argv: req.Argv, Executable: path, Env: env, Cwd: req.Cwd, UID: cr.uid, GID: cr.gid, Groups: cr.groups})
	if _, err := ctl.Write(b); err != nil && !errors.Is(err, syscall.EPIPE) {
		logf("warm call: writing the control pipe: %v", err)
	}
	ctl.Close()
}

// start makes the process for a warm call and returns its pid and the write
// end of its control pipe.
func (fs *forkServer) start(stdio [3]*os.File) (int, *os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close() // the process has its own copy now
	pid, err := fs.fork(stdio, r)
	if err != nil {
		w.Close()
		return 0, nil, err
	}
	return pid, w, nil
}
