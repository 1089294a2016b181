package main

import (
	"fmt"
	"io"
	"syscall"
)

// readFile answers FILE_READ: FILE_DATA frames through the data queue (so a
// slow owner holds back the read, not the session), then FILE_DONE.
func (s *session) readFile(id uint32, req *fileRequest) {
	size, err := s.sendFile(id, req)
	if size > 0 {
		s.w.flushData() // the final frame follows all of the data
	}
	if err != nil {
		s.fileError(id, asOpError(req.Path, err))
		return
	}
	s.reply(id, tFileDone, mustJSON(fileDone{Size: size}))
}

// sendFile streams the file and returns how many bytes it sent.
func (s *session) sendFile(id uint32, req *fileRequest) (int64, error) {
	cr, err := fileUser(req)
	if err != nil {
		return 0, err
	}
	f, st, err := openFile(cr, req.Path, syscall.O_RDONLY, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	tooLarge := func(n int64) error {
		return &opError{"too_large", fmt.Sprintf("%s: %d bytes, more than maxBytes (%d)", req.Path, n, req.MaxBytes)}
	}
	if req.MaxBytes > 0 && st.Size > req.MaxBytes {
		return 0, tooLarge(st.Size)
	}
	var size int64
	for {
		buf := make([]byte, dataChunk) // queued frames keep their buffers
		n, err := f.Read(buf)
		if n > 0 {
			// The size was checked, but the file may have grown since.
			if req.MaxBytes > 0 && size+int64(n) > req.MaxBytes {
				return size, tooLarge(size + int64(n))
			}
			s.w.ordered(outFrame{frame: frame{typ: tFileData, id: id, payload: buf[:n]}})
			size += int64(n)
		}
		switch {
		case err == io.EOF:
			return size, nil
		case err != nil:
			return size, err
		}
	}
}
