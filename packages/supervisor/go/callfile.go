package main

import (
	"os"
	"syscall"
)

// callFile is an EXEC's file (see execFile) once written.
type callFile struct {
	path string
	cr   cred
}

// writeCallFile writes f as the call's user, like FILE_WRITE with mode 0644;
// nil when the request has none.
func writeCallFile(f *execFile, cr cred) (*callFile, *callError) {
	if f == nil {
		return nil, nil
	}
	_, err := createAs(cr, f.Path, 0o644, func(out *os.File) error {
		_, err := out.WriteString(f.Content)
		return err
	})
	if err != nil {
		oe := asOpError(f.Path, err)
		return nil, &callError{Code: oe.code, Message: oe.message}
	}
	return &callFile{path: f.Path, cr: cr}, nil
}

// remove unlinks whatever the path names once the call's processes are gone
// (the call may have replaced the file): as the call's user, and a symlink
// itself, never its target.
func (f *callFile) remove() {
	if f == nil {
		return
	}
	err := asUser(f.cr, func() error { return syscall.Unlink(f.path) })
	if err != nil && !isNotExist(err) {
		logf("removing %s: %v", f.path, err)
	}
}
