package main

// capper applies maxOutputBytes to one stream: the first ceil(max/2) bytes are
// forwarded live, then only the last floor(max/2) bytes are kept for the end.
type capper struct {
	unlimited bool
	head      int64 // live bytes still allowed
	over      int64 // bytes seen after the head
	tail      tail
}

func newCapper(maxBytes int64) *capper {
	if maxBytes <= 0 {
		return &capper{unlimited: true}
	}
	return &capper{head: maxBytes - maxBytes/2, tail: tail{size: maxBytes / 2}}
}

// write returns the prefix of p to forward now and keeps the rest in the tail.
func (c *capper) write(p []byte) []byte {
	if c.unlimited {
		return p
	}
	n := int64(len(p))
	if n > c.head {
		n = c.head
	}
	c.head -= n
	rest := p[n:]
	c.over += int64(len(rest))
	c.tail.write(rest)
	return p[:n]
}

// finish returns how many bytes were dropped and the kept tail, in order.
func (c *capper) finish() (dropped int64, kept []byte) {
	kept = c.tail.bytes()
	return c.over - int64(len(kept)), kept
}

// tail keeps the last size bytes written to it. Its buffer grows only as data
// arrives, then turns circular, so small outputs cost small memory.
type tail struct {
	size int64
	buf  []byte
	next int // circular mode: oldest byte and next write position
	full bool
}

func (t *tail) write(p []byte) {
	if t.size == 0 || len(p) == 0 {
		return
	}
	if int64(len(p)) >= t.size {
		t.buf = append(t.buf[:0], p[int64(len(p))-t.size:]...)
		t.next, t.full = 0, true
		return
	}
	if !t.full {
		room := int(t.size) - len(t.buf)
		if len(p) < room {
			t.buf = append(t.buf, p...)
			return
		}
		t.buf = append(t.buf, p[:room]...)
		p = p[room:]
		t.next, t.full = 0, true
	}
	for len(p) > 0 {
		n := copy(t.buf[t.next:], p)
		p = p[n:]
		t.next = (t.next + n) % len(t.buf)
	}
}

func (t *tail) bytes() []byte {
	if !t.full {
		return t.buf
	}
	out := make([]byte, 0, len(t.buf))
	out = append(out, t.buf[t.next:]...)
	return append(out, t.buf[:t.next]...)
}
