package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// upload is a FILE_WRITE's content in transit. The frame loop queues its STDIN
// frames like a call's stdin: at most stdinQueue wait, then the loop waits for
// the file system.
type upload struct {
	ch   chan []byte   // closed at STDIN_EOF
	eof  bool          // STDIN_EOF seen; owned by the frame loop
	done chan struct{} // closed when the write is over; later frames are dropped
}

// push queues content; it blocks while the queue is full, but never past the
// write's end.
func (u *upload) push(b []byte) {
	select {
	case u.ch <- b:
	case <-u.done:
	}
}

func (s *session) addUpload(id uint32) *upload {
	u := &upload{ch: make(chan []byte, stdinQueue), done: make(chan struct{})}
	s.uploadsMu.Lock()
	defer s.uploadsMu.Unlock()
	s.uploads[id] = u
	return u
}

// upload returns the write in progress with this id, if any.
func (s *session) upload(id uint32) *upload {
	s.uploadsMu.Lock()
	defer s.uploadsMu.Unlock()
	return s.uploads[id]
}

// endUpload forgets the write: frames still coming for it are ignored, and
// those it queued but did not take are freed.
func (s *session) endUpload(id uint32, u *upload) {
	s.uploadsMu.Lock()
	delete(s.uploads, id)
	s.uploadsMu.Unlock()
	close(u.done)
}

// writeFile answers FILE_WRITE with FILE_DONE once the file is closed.
func (s *session) writeFile(id uint32, req *fileRequest, u *upload) {
	size, err := receiveFile(req, u)
	s.endUpload(id, u)
	if err != nil {
		s.fileError(id, asOpError(req.Path, err))
		return
	}
	s.reply(id, tFileDone, mustJSON(fileDone{Size: size}))
}

// receiveFile writes the upload to req.Path; on failure it removes the file,
// so a write either completes or leaves nothing.
func receiveFile(req *fileRequest, u *upload) (int64, error) {
	cr, err := fileUser(req)
	if err != nil {
		return 0, err
	}
	mode := uint32(0o644)
	if req.Mode != nil {
		mode = uint32(*req.Mode)
	}
	var size int64
	_, err = createAs(cr, req.Path, mode, func(f *os.File) error {
		for b := range u.ch {
			if size += int64(len(b)); req.MaxBytes > 0 && size > req.MaxBytes {
				return &opError{"too_large", fmt.Sprintf("%s: more than maxBytes (%d)", req.Path, req.MaxBytes)}
			}
			if _, err := f.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	return size, err
}

// createAs creates or truncates path as cr (who then owns it; the umask
// applies to mode), never through a symlink, and fills it. On failure it
// removes the file, so a write either completes or leaves nothing.
func createAs(cr cred, path string, mode uint32, fill func(*os.File) error) (*syscall.Stat_t, error) {
	f, st, err := openFile(cr, path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_NOFOLLOW, mode)
	if errors.Is(err, syscall.ELOOP) {
		return nil, &opError{"permission", path + ": is a symbolic link, which the supervisor does not follow"}
	}
	if err != nil {
		return nil, err
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeAs(cr, path, st)
		return nil, err
	}
	return st, nil
}

// removeAs unlinks path as cr if it still names the file st describes, never
// a file put there since.
func removeAs(cr cred, path string, st *syscall.Stat_t) {
	err := asUser(cr, func() error {
		var now syscall.Stat_t
		if err := syscall.Lstat(path, &now); err != nil || now.Dev != st.Dev || now.Ino != st.Ino {
			return nil // gone, or not ours any more
		}
		return syscall.Unlink(path)
	})
	if err != nil {
		logf("removing %s: %v", path, err)
	}
}
