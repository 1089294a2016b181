package main

import "syscall"

// removeFile answers FILE_REMOVE: it unlinks a file (never a directory) as
// the request's user, so the kernel checks that user's write permission on
// the directory. A symlink is removed itself, not its target.
func (s *session) removeFile(id uint32, req *fileRequest) {
	cr, err := fileUser(req)
	if err == nil {
		err = asUser(cr, func() error { return syscall.Unlink(req.Path) })
	}
	if err != nil {
		s.fileError(id, asOpError(req.Path, err))
		return
	}
	s.reply(id, tFileDone, mustJSON(fileDone{Size: 0}))
}
