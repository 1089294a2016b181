package main

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// dataChunk bounds STDOUT/STDERR payloads (well under MAX_PAYLOAD).
const dataChunk = 64 << 10

// stream pumps one output pipe of a call into frames, through its capper.
type stream struct {
	name string // "stdout" or "stderr", for DROPPED
	typ  byte
	id   uint32
	f    *os.File
	lim  *capper
	w    *writer
	done chan struct{}
}

func newStream(name string, typ byte, id uint32, f *os.File, maxBytes int64, w *writer) *stream {
	return &stream{name: name, typ: typ, id: id, f: f, lim: newCapper(maxBytes), w: w, done: make(chan struct{})}
}

func (s *stream) run() {
	defer close(s.done)
	buf := make([]byte, dataChunk)
	for {
		n, err := s.f.Read(buf)
		s.forward(buf[:n])
		if err == nil {
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			s.drain(buf)
		}
		return
	}
}

// stop ends the wait for EOF; call it once every process of the call is dead.
// run then drains what the pipe still holds without blocking.
func (s *stream) stop() { s.f.SetReadDeadline(time.Now()) }

// drain reads the pipe's final contents. Once the call's processes are gone a
// pipe only ends in EOF; EAGAIN means something outside the call holds the
// write end, and waiting for it would hang the call.
func (s *stream) drain(buf []byte) {
	rc, err := s.f.SyscallConn()
	if err != nil {
		return
	}
	for {
		var n int
		var rerr error
		rc.Control(func(fd uintptr) { n, rerr = syscall.Read(int(fd), buf) })
		switch {
		case rerr == syscall.EINTR:
			continue
		case rerr == syscall.EAGAIN:
			logf("call %d: %s is held open outside the call; not waiting for it", s.id, s.name)
			return
		case rerr != nil || n <= 0:
			return
		}
		s.forward(buf[:n])
	}
}

func (s *stream) forward(p []byte) {
	if live := s.lim.write(p); len(live) > 0 {
		s.send(live)
	}
}

// send queues p as data frames; p is copied because read buffers are reused.
func (s *stream) send(p []byte) {
	for len(p) > 0 {
		n := min(len(p), dataChunk)
		s.w.ordered(outFrame{frame: frame{typ: s.typ, id: s.id, payload: append([]byte(nil), p[:n]...)}})
		p = p[n:]
	}
}

// finish sends DROPPED and the kept tail; call it after run has returned.
func (s *stream) finish() {
	s.f.Close()
	dropped, kept := s.lim.finish()
	if dropped > 0 {
		s.w.ordered(outFrame{frame: frame{typ: tDropped, id: s.id, payload: mustJSON(droppedMsg{Stream: s.name, Bytes: dropped})}})
	}
	s.send(kept)
}
