package main

import (
	"io"
	"sync"
)

// outFrame is a frame queued for stdout; sent, if set, is closed once written.
type outFrame struct {
	frame
	sent chan struct{}
}

// writer owns the protocol stream. Control frames go to an unbounded queue that
// is always emptied first, so they never wait behind data; data frames go to a
// small bounded queue whose fullness is the backpressure on a call's output.
type writer struct {
	w       io.Writer
	onError func(error)

	mu   sync.Mutex
	ctrl []outFrame
	wake chan struct{}
	data chan outFrame
}

func newWriter(w io.Writer, onError func(error)) *writer {
	return &writer{w: w, onError: onError, wake: make(chan struct{}, 1), data: make(chan outFrame, 16)}
}

// control queues a control frame; it never blocks.
func (w *writer) control(f outFrame) {
	w.mu.Lock()
	w.ctrl = append(w.ctrl, f)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// ordered queues a frame behind the data already queued (data, DROPPED);
// it blocks while the queue is full.
func (w *writer) ordered(f outFrame) { w.data <- f }

// flushData returns once every frame queued by ordered so far is written.
func (w *writer) flushData() {
	sent := make(chan struct{})
	w.data <- outFrame{sent: sent} // a barrier: no frame, only the signal
	<-sent
}

func (w *writer) popControl() (outFrame, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.ctrl) == 0 {
		return outFrame{}, false
	}
	f := w.ctrl[0]
	w.ctrl[0] = outFrame{}
	w.ctrl = w.ctrl[1:]
	return f, true
}

func (w *writer) run() {
	var buf []byte
	for {
		f, ok := w.popControl()
		if !ok {
			select {
			case <-w.wake:
				continue
			case f = <-w.data:
			}
		}
		if f.typ != 0 {
			buf = appendFrame(buf[:0], f.frame)
			if _, err := w.w.Write(buf); err != nil {
				w.onError(err)
				return
			}
		}
		if f.sent != nil {
			close(f.sent)
		}
	}
}
