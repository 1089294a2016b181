package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	frames := []frame{
		{typ: tPing, id: 0},
		{typ: tExec, id: 42, payload: []byte(`{"argv":["true"]}`)},
		{typ: tStdin, id: 0xFFFFFFFF, payload: bytes.Repeat([]byte{0xAB}, maxPayload)},
	}
	var buf []byte
	for _, f := range frames {
		buf = appendFrame(buf, f)
	}
	r := bytes.NewReader(buf)
	for _, want := range frames {
		got, err := readFrame(r)
		if err != nil {
			t.Fatal(err)
		}
		if got.typ != want.typ || got.id != want.id || !bytes.Equal(got.payload, want.payload) {
			t.Fatalf("got %x/%d/%d bytes, want %x/%d/%d bytes", got.typ, got.id, len(got.payload), want.typ, want.id, len(want.payload))
		}
	}
	if _, err := readFrame(r); err != io.EOF {
		t.Fatalf("at end: %v, want io.EOF", err)
	}
}

func header(length uint32) []byte {
	return binary.BigEndian.AppendUint32(nil, length)
}

func TestFrameBounds(t *testing.T) {
	for _, n := range []uint32{0, 4, 5 + maxPayload + 1, 0xFFFFFFFF} {
		_, err := readFrame(bytes.NewReader(append(header(n), make([]byte, 16)...)))
		if !errors.Is(err, errFrameSize) {
			t.Errorf("length %d: %v, want errFrameSize", n, err)
		}
	}
	// The largest legal frame is accepted.
	full := appendFrame(nil, frame{typ: tStdin, id: 1, payload: make([]byte, maxPayload)})
	if _, err := readFrame(bytes.NewReader(full)); err != nil {
		t.Errorf("max frame: %v", err)
	}
}

func TestFrameTruncated(t *testing.T) {
	full := appendFrame(nil, frame{typ: tExec, id: 7, payload: []byte("hello")})
	for cut := 1; cut < len(full); cut++ {
		if _, err := readFrame(bytes.NewReader(full[:cut])); err != io.ErrUnexpectedEOF {
			t.Errorf("cut at %d: %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
}

func FuzzReadFrame(f *testing.F) {
	f.Add(appendFrame(nil, frame{typ: tPing, id: 1}))
	f.Add(appendFrame(nil, frame{typ: tExec, id: 2, payload: []byte(`{"argv":["ls"]}`)}))
	f.Add(header(3))
	f.Add(header(5 + maxPayload + 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := readFrame(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(fr.payload) > maxPayload {
			t.Fatalf("payload of %d bytes accepted", len(fr.payload))
		}
		// A decoded frame re-encodes to exactly the bytes it came from.
		enc := appendFrame(nil, fr)
		if !bytes.Equal(enc, data[:len(enc)]) {
			t.Fatalf("re-encoding differs: %x vs %x", enc, data[:len(enc)])
		}
	})
}
