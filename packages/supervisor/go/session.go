package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const defaultOwnerGrace = 30 * time.Second

// session is the one protocol connection: frames in on stdin, out via w.
type session struct {
	w         *writer
	reaper    *reaper
	heartbeat *time.Timer
	grace     time.Duration
	owned     atomic.Bool
	helloSeen bool
	cur       *call       // the running call, if any; owned by the frame loop
	res       *call       // the resident, if any; owned by the frame loop
	fs        *forkServer // the fork server, if any; owned by the frame loop
	endMu     sync.Mutex  // orders a call's EXIT against the busy check
	exitOnce  sync.Once

	uploadsMu sync.Mutex
	uploads   map[uint32]*upload // FILE_WRITEs taking STDIN frames, by id
}

func newSession(out io.Writer, r *reaper) *session {
	s := &session{reaper: r, grace: defaultOwnerGrace, uploads: map[uint32]*upload{}}
	s.w = newWriter(out, func(err error) { s.shutdown(0, "writing to the owner failed: "+err.Error()) })
	// A silent owner is a dead owner; this runs from the start so a
	// supervisor nobody talks to does not live forever either.
	s.heartbeat = time.AfterFunc(s.grace, func() { s.shutdown(0, "no frame from the owner within ownerGraceMs") })
	go s.w.run()
	return s
}

func (s *session) killAll() bool { return s.reaper.killAll(s.owned.Load()) }

// shutdown kills everything and exits; the first caller wins.
func (s *session) shutdown(code int, why string) {
	s.exitOnce.Do(func() {
		logf("shutting down: %s", why)
		residentPid.Store(0) // the end of the session spares nothing
		forkServerPid.Store(0)
		s.killAll()
		os.Exit(code)
	})
	select {} // another goroutine is already exiting
}

// fail reports a session-level ERROR, gives the writer a moment to send it,
// then shuts down (the connection is unusable after a protocol error).
func (s *session) fail(code, message string, exit int) {
	sent := make(chan struct{})
	s.w.control(outFrame{frame: frame{typ: tError, payload: mustJSON(errorMsg{Code: code, Message: message})}, sent: sent})
	select {
	case <-sent:
	case <-time.After(time.Second):
	}
	s.shutdown(exit, code+": "+message)
}

func (s *session) serve(in io.Reader) {
	br := bufio.NewReaderSize(in, 64<<10)
	for {
		f, err := readFrame(br)
		switch {
		case errors.Is(err, errFrameSize):
			s.fail("protocol", err.Error(), 2)
		case err != nil:
			s.shutdown(0, "owner connection closed: "+err.Error())
		}
		s.heartbeat.Reset(s.grace)
		s.handle(f)
	}
}

func (s *session) handle(f frame) {
	if !s.helloSeen {
		if f.typ != tHello {
			s.fail("protocol", fmt.Sprintf("expected HELLO, got frame type 0x%02x", f.typ), 2)
		}
		s.hello(f)
		return
	}
	switch f.typ {
	case tExec:
		s.exec(f)
	case tStdin:
		if len(f.payload) == 0 {
			break
		}
		if c := s.active(f.id); c != nil && c.stdin != nil && !c.stdin.eof {
			s.holding(func() { c.pushStdin(f.payload) })
		} else if u := s.upload(f.id); u != nil && !u.eof {
			s.holding(func() { u.push(f.payload) })
		}
	case tStdinEOF:
		if c := s.active(f.id); c != nil && c.stdin != nil && !c.stdin.eof {
			c.stdin.eof = true
			close(c.stdin.ch)
		} else if u := s.upload(f.id); u != nil && !u.eof {
			u.eof = true
			close(u.ch)
		}
	case tKill:
		if c := s.active(f.id); c != nil {
			c.kill()
		}
	case tPing:
		s.w.control(outFrame{frame: frame{typ: tPong, id: f.id}})
	case tFileRead, tFileWrite, tFileStat, tFileList, tFileRemove:
		s.fileOp(f)
	case tSweep:
		s.sweep(f.id)
	case tHello:
		s.fail("protocol", "duplicate HELLO", 2)
	default:
		s.fail("protocol", fmt.Sprintf("unknown frame type 0x%02x", f.typ), 2)
	}
}

// holding runs a push that may wait for room (backpressure). The owner is
// evidently alive while we hold its data back, so the heartbeat pauses.
func (s *session) holding(push func()) {
	s.heartbeat.Stop()
	push()
	s.heartbeat.Reset(s.grace)
}

func (s *session) hello(f frame) {
	var h helloRequest
	if err := decodeJSON(f.payload, &h); err != nil {
		s.fail("protocol", "HELLO: "+err.Error(), 2)
	}
	if h.Version != protocolVersion {
		s.fail("version", fmt.Sprintf("protocol version %d not supported (supervisor speaks %d)", h.Version, protocolVersion), 2)
	}
	s.helloSeen = true
	if h.OwnerGraceMs > 0 {
		s.grace = time.Duration(min(h.OwnerGraceMs, int64(24*time.Hour/time.Millisecond))) * time.Millisecond
		s.heartbeat.Reset(s.grace)
	}
	s.owned.Store(h.Owned)
	s.w.control(outFrame{frame: frame{typ: tHelloOK, payload: mustJSON(helloOK{
		Version: protocolVersion, Pid: os.Getpid(), Arch: runtime.GOARCH, Supervisor: supervisorVersion,
	})}})
}

// active returns the running call if it has this id; frames for calls that
// have ended are expected races and are ignored.
func (s *session) active(id uint32) *call {
	c := s.cur
	if s.res != nil && s.res.id == id {
		c = s.res
	}
	if s.fs != nil && s.fs.call.id == id {
		c = s.fs.call
	}
	if c == nil || c.id != id {
		return nil
	}
	select {
	case <-c.ended:
		return nil
	default:
		return c
	}
}

func (s *session) exec(f frame) {
	if f.id == 0 {
		s.fail("protocol", "EXEC with id 0 (reserved for session-level frames)", 2)
	}
	var req execRequest
	if err := decodeJSON(f.payload, &req); err != nil {
		if errors.Is(err, errMalformed) {
			s.fail("protocol", "EXEC: "+err.Error(), 2)
		}
		s.callError(f.id, &callError{Code: "bad_request", Message: err.Error()})
		return
	}
	if req.Resident {
		s.startResident(f.id, &req)
		return
	}
	if req.ForkServer {
		s.startForkServer(f.id, &req)
		return
	}
	if s.busy() {
		s.callError(f.id, &callError{Code: "busy", Message: fmt.Sprintf("call %d is still running", s.cur.id)})
		return
	}
	c, cerr := startCall(s, f.id, &req)
	if cerr != nil {
		s.callError(f.id, cerr)
		return
	}
	s.cur = c
}

func (s *session) busy() bool {
	s.endMu.Lock()
	defer s.endMu.Unlock()
	if s.cur == nil {
		return false
	}
	select {
	case <-s.cur.done:
		s.cur = nil
		return false
	default:
		return true
	}
}

func (s *session) callError(id uint32, e *callError) {
	s.w.control(outFrame{frame: frame{typ: tError, id: id, payload: mustJSON(errorMsg(*e))}})
}
