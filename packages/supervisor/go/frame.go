package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Frame types (PROTOCOL.md).
const (
	tHello      byte = 0x01
	tExec       byte = 0x02
	tStdin      byte = 0x03
	tStdinEOF   byte = 0x04
	tKill       byte = 0x05
	tPing       byte = 0x06
	tFileRead   byte = 0x07
	tFileWrite  byte = 0x08
	tFileStat   byte = 0x09
	tFileList   byte = 0x0A
	tFileRemove byte = 0x0B
	tSweep      byte = 0x0C

	tHelloOK  byte = 0x81
	tStarted  byte = 0x82
	tStdout   byte = 0x83
	tStderr   byte = 0x84
	tExit     byte = 0x85
	tPong     byte = 0x86
	tDropped  byte = 0x87
	tFileData byte = 0x88
	tFileDone byte = 0x89
	tFileInfo byte = 0x8A
	tSwept    byte = 0x8B
	tError    byte = 0x8F
)

const (
	headerLen  = 9       // length + type + id
	maxPayload = 1 << 20 // MAX_PAYLOAD
)

type frame struct {
	typ     byte
	id      uint32
	payload []byte
}

// errFrameSize is a length field outside [5, 5+MAX_PAYLOAD]: a protocol error.
var errFrameSize = errors.New("frame length out of bounds")

// readFrame reads one frame. It returns io.EOF only at a clean frame boundary
// and io.ErrUnexpectedEOF for a truncated frame.
func readFrame(r io.Reader) (frame, error) {
	var h [headerLen]byte
	if _, err := io.ReadFull(r, h[:4]); err != nil {
		return frame{}, err
	}
	n := binary.BigEndian.Uint32(h[:4])
	if n < 5 || n > 5+maxPayload {
		return frame{}, fmt.Errorf("%w: %d", errFrameSize, n)
	}
	if _, err := io.ReadFull(r, h[4:]); err != nil {
		return frame{}, noEOF(err)
	}
	f := frame{typ: h[4], id: binary.BigEndian.Uint32(h[5:9])}
	if n > 5 {
		f.payload = make([]byte, n-5)
		if _, err := io.ReadFull(r, f.payload); err != nil {
			return frame{}, noEOF(err)
		}
	}
	return f, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// appendFrame encodes f onto dst. Callers keep payloads within maxPayload.
func appendFrame(dst []byte, f frame) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(5+len(f.payload)))
	dst = append(dst, f.typ)
	dst = binary.BigEndian.AppendUint32(dst, f.id)
	return append(dst, f.payload...)
}
