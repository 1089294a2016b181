package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// File operations (PROTOCOL.md, "File operations") are done by the supervisor
// itself, each on its own goroutine so that a slow file system or a slow
// reader never stalls the frame loop or the running call. Every path lookup
// happens inside asUser; data then moves through the descriptor opened there.

var fileOpNames = map[byte]string{
	tFileRead: "FILE_READ", tFileWrite: "FILE_WRITE", tFileStat: "FILE_STAT", tFileList: "FILE_LIST", tFileRemove: "FILE_REMOVE",
}

// opError is the ERROR a file operation ends with.
type opError struct{ code, message string }

func (e *opError) Error() string { return e.message }

// fileOp validates a file request on the frame loop and starts it.
func (s *session) fileOp(f frame) {
	name := fileOpNames[f.typ]
	if f.id == 0 {
		s.fail("protocol", name+" with id 0 (reserved for session-level frames)", 2)
	}
	var req fileRequest
	if err := decodeJSON(f.payload, &req); err != nil {
		if errors.Is(err, errMalformed) {
			s.fail("protocol", name+": "+err.Error(), 2)
		}
		s.fileError(f.id, &opError{"bad_request", err.Error()})
		return
	}
	if msg := validateFile(&req); msg != "" {
		s.fileError(f.id, &opError{"bad_request", msg})
		return
	}
	switch f.typ {
	case tFileRead:
		go s.readFile(f.id, &req)
	case tFileWrite:
		// Its STDIN frames are routed by id, which must not be taken.
		if s.active(f.id) != nil || s.upload(f.id) != nil {
			s.fileError(f.id, &opError{"bad_request", fmt.Sprintf("id %d is in use", f.id)})
			return
		}
		go s.writeFile(f.id, &req, s.addUpload(f.id))
	case tFileStat:
		go s.statFile(f.id, &req)
	case tFileList:
		go s.listFile(f.id, &req)
	case tFileRemove:
		go s.removeFile(f.id, &req)
	}
}

func validateFile(req *fileRequest) string {
	switch {
	case !strings.HasPrefix(req.Path, "/"):
		return "path must be absolute"
	case strings.IndexByte(req.Path, 0) >= 0 || strings.IndexByte(req.User, 0) >= 0:
		return "strings must not contain NUL"
	case req.User == "":
		return "user is required"
	case req.MaxBytes < 0 || req.MaxEntries < 0:
		return "maxBytes and maxEntries must not be negative"
	case req.Mode != nil && (*req.Mode < 0 || *req.Mode > 0o7777):
		return "mode must be within 0 and 0o7777"
	}
	return ""
}

// fileUser resolves the request's user; its failure is the ERROR `user`.
func fileUser(req *fileRequest) (cred, error) {
	cr, err := lookupUser(req.User)
	if err != nil {
		return cred{}, &opError{"user", err.Error()}
	}
	return cr, nil
}

// reply queues a file operation's final frame; after FILE_DATA the caller
// flushes first, as a call does before EXIT.
func (s *session) reply(id uint32, typ byte, payload []byte) {
	s.w.control(outFrame{frame: frame{typ: typ, id: id, payload: payload}})
}

func (s *session) fileError(id uint32, e *opError) {
	s.reply(id, tError, mustJSON(errorMsg{Code: e.code, Message: e.message}))
}

// asOpError maps a failure to its ERROR code.
func asOpError(path string, err error) *opError {
	var oe *opError
	if errors.As(err, &oe) {
		return oe
	}
	msg := err.Error()
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errno, ok := err.(syscall.Errno); ok {
		msg = path + ": " + errno.Error()
	}
	switch {
	case isNotExist(err):
		return &opError{"not_found", msg}
	case errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ELOOP):
		return &opError{"permission", msg}
	case errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENODEV):
		return &opError{"not_a_file", msg} // ENXIO, ENODEV: only special files
	}
	return &opError{"io", msg}
}

// openFile opens path as cr; only a regular file is kept. O_NONBLOCK keeps
// the open of a FIFO from hanging and is cleared again for the regular file;
// O_NOCTTY keeps a terminal from becoming ours.
func openFile(cr cred, path string, flags int, mode uint32) (*os.File, *syscall.Stat_t, error) {
	var fd int
	err := asUser(cr, func() (err error) {
		fd, err = syscall.Open(path, flags|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOCTTY, mode)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return nil, nil, &opError{"not_a_file", path + ": not a regular file"}
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		syscall.Close(fd)
		return nil, nil, err
	}
	return os.NewFile(uintptr(fd), path), &st, nil
}
