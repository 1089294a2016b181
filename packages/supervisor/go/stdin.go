package main

import "os"

// stdinFeed copies STDIN frames into a call's stdin pipe on its own goroutine,
// so a child that does not read never blocks the session's frame loop.
type stdinFeed struct {
	ch   chan []byte // closed at STDIN_EOF
	eof  bool        // STDIN_EOF seen; owned by the session loop
	pipe *os.File
}

// stdinQueue bounds buffered stdin (frames of up to 1 MiB each).
const stdinQueue = 8

func newStdinFeed(pipe *os.File) *stdinFeed {
	return &stdinFeed{ch: make(chan []byte, stdinQueue), pipe: pipe}
}

func (f *stdinFeed) run(ended <-chan struct{}) {
	broken := false
	for {
		select {
		case b, ok := <-f.ch:
			if !ok {
				f.pipe.Close()
				return
			}
			// After EPIPE (the child closed stdin) keep consuming so senders never block.
			if !broken {
				_, err := f.pipe.Write(b)
				broken = err != nil
			}
		case <-ended:
			return
		}
	}
}
