package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"
)

// defaultMaxEntries bounds FILE_LIST when the request gives no maxEntries.
const defaultMaxEntries = 100000

// statFile answers FILE_STAT with FILE_INFO about the path itself (lstat).
func (s *session) statFile(id uint32, req *fileRequest) {
	cr, err := fileUser(req)
	var info fileInfo
	if err == nil {
		err = asUser(cr, func() (err error) {
			info, err = describe(req.Path, path.Base(req.Path))
			return err
		})
	}
	if err != nil {
		s.fileError(id, asOpError(req.Path, err))
		return
	}
	s.reply(id, tFileInfo, mustJSON(info))
}

// listFile answers FILE_LIST with FILE_INFO { entries }, which must fit in
// one frame.
func (s *session) listFile(id uint32, req *fileRequest) {
	cr, err := fileUser(req)
	var list fileList
	if err == nil {
		err = asUser(cr, func() (err error) {
			list.Entries, err = listDir(req)
			return err
		})
	}
	var payload []byte
	if err == nil {
		if payload = mustJSON(list); len(payload) > maxPayload {
			err = &opError{"too_large", fmt.Sprintf("%s: the listing of %d entries is larger than a frame", req.Path, len(list.Entries))}
		}
	}
	if err != nil {
		s.fileError(id, asOpError(req.Path, err))
		return
	}
	s.reply(id, tFileInfo, payload)
}

// listDir describes the directory's entries, sorted by name. It runs as the
// request's user: reading names needs r, describing them x on the directory.
func listDir(req *fileRequest) ([]fileInfo, error) {
	fd, err := syscall.Open(req.Path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err == syscall.ENOTDIR {
		// Either the path or a directory on the way is not a directory.
		var st syscall.Stat_t
		if err := syscall.Stat(req.Path, &st); err != nil {
			return nil, err
		}
		return nil, &opError{"not_a_directory", req.Path + ": not a directory"}
	}
	if err != nil {
		return nil, err
	}
	d := os.NewFile(uintptr(fd), req.Path)
	defer d.Close()
	limit := req.MaxEntries
	if limit == 0 {
		limit = defaultMaxEntries
	}
	var names []string
	for {
		batch, err := d.Readdirnames(1024)
		if names = append(names, batch...); int64(len(names)) > limit {
			return nil, &opError{"too_large", fmt.Sprintf("%s: more than maxEntries (%d) entries", req.Path, limit)}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(names)
	dir := strings.TrimSuffix(req.Path, "/") + "/"
	entries := make([]fileInfo, 0, len(names))
	for _, name := range names {
		info, err := describe(dir+name, name)
		if isNotExist(err) {
			continue // removed since it was listed
		}
		if err != nil {
			return nil, asOpError(dir+name, err)
		}
		entries = append(entries, info)
	}
	return entries, nil
}

// describe lstats p into a fileInfo called name.
func describe(p, name string) (fileInfo, error) {
	var st syscall.Stat_t
	if err := syscall.Lstat(p, &st); err != nil {
		return fileInfo{}, err
	}
	info := fileInfo{Name: name, Type: "other", Size: st.Size, Mode: st.Mode & 0o7777,
		MtimeMs: time.Unix(st.Mtim.Unix()).UnixMilli()}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		info.Type = "file"
	case syscall.S_IFDIR:
		info.Type = "directory"
	case syscall.S_IFLNK:
		info.Type = "symlink"
		info.LinkTarget, _ = os.Readlink(p) // replaced meanwhile: no target
	}
	return info, nil
}
