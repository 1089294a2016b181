package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

type fileResult struct {
	data []byte
	done *fileDone
	info []byte // FILE_INFO payload
	err  *errorMsg
}

// fileCollect gathers the frames of file operation id up to its final one.
func (s *sup) fileCollect(id uint32) fileResult {
	s.t.Helper()
	var res fileResult
	for {
		f := s.next(10 * time.Second)
		if f.id != id {
			s.t.Fatalf("frame 0x%02x for id %d during file operation %d", f.typ, f.id, id)
		}
		switch f.typ {
		case tFileData:
			if len(f.payload) == 0 || len(f.payload) > 64<<10 {
				s.t.Fatalf("FILE_DATA of %d bytes", len(f.payload))
			}
			res.data = append(res.data, f.payload...)
		case tFileDone:
			res.done = &fileDone{}
			decode(s.t, f, res.done)
			return res
		case tFileInfo:
			res.info = f.payload
			return res
		case tError:
			res.err = &errorMsg{}
			decode(s.t, f, res.err)
			return res
		default:
			s.t.Fatalf("unexpected frame 0x%02x", f.typ)
		}
	}
}

func (s *sup) file(typ byte, id uint32, r fileRequest) fileResult {
	s.t.Helper()
	s.send(typ, id, mustJSON(r))
	return s.fileCollect(id)
}

// sendContent sends a FILE_WRITE and its content, without waiting.
func (s *sup) sendContent(id uint32, r fileRequest, content []byte) {
	s.t.Helper()
	s.send(tFileWrite, id, mustJSON(r))
	for p := content; len(p) > 0; p = p[min(len(p), 100000):] {
		s.send(tStdin, id, p[:min(len(p), 100000)])
	}
	s.send(tStdinEOF, id, nil)
}

func (s *sup) writeFile(id uint32, r fileRequest, content []byte) fileResult {
	s.t.Helper()
	s.sendContent(id, r, content)
	return s.fileCollect(id)
}

func (r fileResult) mustFail(t *testing.T, code, text string) {
	t.Helper()
	if r.err == nil || r.err.Code != code || !strings.Contains(r.err.Message, text) || len(r.data) > 0 {
		t.Fatalf("got %+v (%d data bytes), want ERROR %s containing %q", r, len(r.data), code, text)
	}
}

func (r fileResult) mustDone(t *testing.T, size int) {
	t.Helper()
	if r.err != nil || r.done == nil || r.done.Size != int64(size) {
		t.Fatalf("got %+v, want FILE_DONE size %d", r, size)
	}
}

func (r fileResult) mustInfo(t *testing.T, v any) {
	t.Helper()
	if r.err != nil || r.info == nil {
		t.Fatalf("got %+v, want FILE_INFO", r)
	}
	if err := json.Unmarshal(r.info, v); err != nil {
		t.Fatalf("FILE_INFO %s: %v", r.info, err)
	}
}

// File operations always switch identity, which needs CAP_SETUID/CAP_SETGID.
func needRoot(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root")
	}
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>10)
	}
	return b
}

func TestE2EFileReadWrite(t *testing.T) {
	t.Parallel()
	needRoot(t)
	s := helloSup(t)
	dir := t.TempDir()
	at := func(name string) fileRequest { return fileRequest{Path: filepath.Join(dir, name), User: "root"} }

	data := pattern(1 << 20)
	s.writeFile(1, at("big"), data).mustDone(t, len(data))
	if b, _ := os.ReadFile(filepath.Join(dir, "big")); !bytes.Equal(b, data) {
		t.Fatalf("written file: %d bytes, want the %d sent", len(b), len(data))
	}
	r := s.file(tFileRead, 2, at("big"))
	r.mustDone(t, len(data))
	if !bytes.Equal(r.data, data) {
		t.Fatalf("read back %d bytes, want the %d written", len(r.data), len(data))
	}
	big := at("big")
	big.MaxBytes = 1000
	s.file(tFileRead, 3, big).mustFail(t, "too_large", "maxBytes")
	big.MaxBytes = 1 << 20
	s.file(tFileRead, 4, big).mustDone(t, len(data))

	// Writing truncates; an empty write makes an empty file.
	s.writeFile(5, at("big"), []byte("short")).mustDone(t, 5)
	if r = s.file(tFileRead, 6, at("big")); string(r.data) != "short" {
		t.Fatalf("after overwrite: %q", r.data)
	}
	s.writeFile(7, at("empty"), nil).mustDone(t, 0)
	s.file(tFileRead, 8, at("empty")).mustDone(t, 0)

	mode := int64(0o600)
	private := at("private")
	private.Mode = &mode
	s.writeFile(9, private, []byte("x")).mustDone(t, 1)
	if st, err := os.Stat(private.Path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode 0600: %v %v", st.Mode(), err)
	}

	s.file(tFileRead, 10, at("missing")).mustFail(t, "not_found", "no such file")
	s.file(tFileRead, 11, at("")).mustFail(t, "not_a_file", "not a regular file")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.file(tFileRead, 12, at("fifo")).mustFail(t, "not_a_file", "not a regular file") // and does not hang
	s.writeFile(13, at(""), []byte("x")).mustFail(t, "not_a_file", "is a directory")
	s.writeFile(14, at("no/such/dir"), []byte("x")).mustFail(t, "not_found", "no such file")

	// Never through a symlink: the target is untouched.
	os.WriteFile(filepath.Join(dir, "target"), []byte("keep"), 0o644)
	os.Symlink("target", filepath.Join(dir, "link"))
	s.writeFile(15, at("link"), []byte("evil")).mustFail(t, "permission", "symbolic link")
	if b, _ := os.ReadFile(filepath.Join(dir, "target")); string(b) != "keep" {
		t.Fatalf("symlink target now %q", b)
	}
	// Reading follows symlinks, as the user's own open would.
	if r = s.file(tFileRead, 16, at("link")); string(r.data) != "keep" {
		t.Fatalf("read through symlink: %+v", r)
	}

	// Beyond maxBytes: the partial file is removed, later content ignored.
	capped := at("capped")
	capped.MaxBytes = 150000
	s.writeFile(17, capped, data[:300000]).mustFail(t, "too_large", "maxBytes")
	if _, err := os.Lstat(capped.Path); !os.IsNotExist(err) {
		t.Fatalf("partial file left: %v", err)
	}
	s.send(tStdin, 17, []byte("late"))
	s.send(tStdinEOF, 17, nil)
	s.send(tPing, 18, nil)
	s.expect(tPong, 18)

	bad := []struct {
		r    fileRequest
		code string
		text string
	}{
		{fileRequest{Path: "relative", User: "root"}, "bad_request", "absolute"},
		{fileRequest{Path: "/tmp/a\x00b", User: "root"}, "bad_request", "NUL"},
		{fileRequest{Path: "/tmp"}, "bad_request", "user"},
		{fileRequest{Path: "/tmp", User: "root", MaxBytes: -1}, "bad_request", "negative"},
		{fileRequest{Path: "/tmp", User: "no-such-user"}, "user", "unknown user"},
	}
	for i, tc := range bad {
		s.file(tFileRead, uint32(100+i), tc.r).mustFail(t, tc.code, tc.text)
	}
}

func TestE2EFileStatList(t *testing.T) {
	t.Parallel()
	needRoot(t)
	s := helloSup(t)
	dir := t.TempDir()
	at := func(name string) fileRequest { return fileRequest{Path: filepath.Join(dir, name), User: "root"} }
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("hello"), 0o600)
	os.Chmod(filepath.Join(dir, "b.txt"), 0o640)
	os.Mkdir(filepath.Join(dir, "a"), 0o755)
	os.Symlink("b.txt", filepath.Join(dir, "c"))
	syscall.Mkfifo(filepath.Join(dir, "d"), 0o644)

	var info fileInfo
	s.file(tFileStat, 1, at("b.txt")).mustInfo(t, &info)
	st, _ := os.Stat(filepath.Join(dir, "b.txt"))
	if info != (fileInfo{Name: "b.txt", Type: "file", Size: 5, Mode: 0o640, MtimeMs: st.ModTime().UnixMilli()}) {
		t.Fatalf("stat file: %+v", info)
	}
	r := s.file(tFileStat, 2, at("c"))
	r.mustInfo(t, &info)
	if info.Name != "c" || info.Type != "symlink" || info.LinkTarget != "b.txt" {
		t.Fatalf("stat symlink: %s", r.info)
	}
	r = s.file(tFileStat, 3, at("a"))
	if r.mustInfo(t, &info); info.Name != "a" || info.Type != "directory" || info.Mode != 0o755 || bytes.Contains(r.info, []byte("linkTarget")) {
		t.Fatalf("stat directory: %s", r.info)
	}
	if s.file(tFileStat, 4, fileRequest{Path: "/", User: "root"}).mustInfo(t, &info); info.Name != "/" || info.Type != "directory" {
		t.Fatalf("stat /: %+v", info)
	}
	s.file(tFileStat, 5, at("missing")).mustFail(t, "not_found", "missing")

	var list fileList
	s.file(tFileList, 6, at("")).mustInfo(t, &list)
	var got []string
	for _, e := range list.Entries {
		got = append(got, e.Name+":"+e.Type)
	}
	if strings.Join(got, " ") != "a:directory b.txt:file c:symlink d:other" || list.Entries[2].LinkTarget != "b.txt" {
		t.Fatalf("list: %+v", list.Entries)
	}
	capped := at("")
	capped.MaxEntries = 3
	s.file(tFileList, 7, capped).mustFail(t, "too_large", "maxEntries")
	s.file(tFileList, 8, at("b.txt")).mustFail(t, "not_a_directory", "not a directory")
	s.file(tFileList, 9, at("missing")).mustFail(t, "not_found", "missing")
	s.file(tFileList, 10, at("b.txt/x")).mustFail(t, "not_found", "not a directory")
	if r = s.file(tFileList, 11, at("a")); string(r.info) != `{"entries":[]}` {
		t.Fatalf("empty directory: %+v", r)
	}
}

// worldDir is a fresh directory that every user may enter (t.TempDir's are 0700).
func worldDir(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestE2EFileUser(t *testing.T) {
	t.Parallel()
	needRoot(t)
	s := helloSup(t)
	status := func(p string) map[string]string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok {
				m[k] = strings.Join(strings.Fields(v), " ")
			}
		}
		return m
	}
	groups := status(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))["Groups"]

	dir := worldDir(t)
	nobody := func(p string) fileRequest { return fileRequest{Path: filepath.Join(dir, p), User: "65534"} }
	os.WriteFile(filepath.Join(dir, "secret"), []byte("s"), 0o600)
	os.Mkdir(filepath.Join(dir, "pub"), 0o777)
	os.Chmod(filepath.Join(dir, "pub"), 0o777)
	os.Mkdir(filepath.Join(dir, "closed"), 0o700)
	os.WriteFile(filepath.Join(dir, "closed", "f"), []byte("f"), 0o644)

	s.file(tFileRead, 1, nobody("secret")).mustFail(t, "permission", "permission denied")
	s.file(tFileStat, 2, nobody("secret")).mustInfo(t, &fileInfo{}) // lstat needs no read permission
	s.writeFile(3, nobody("new"), []byte("x")).mustFail(t, "permission", "permission denied")
	if _, err := os.Lstat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Fatalf("file created in a root-owned 0755 directory: %v", err)
	}
	s.file(tFileRead, 4, nobody("closed/f")).mustFail(t, "permission", "permission denied")
	s.file(tFileList, 5, nobody("closed")).mustFail(t, "permission", "permission denied")
	s.writeFile(6, nobody("pub/mine"), []byte("mine")).mustDone(t, 4)
	if st, err := os.Stat(filepath.Join(dir, "pub", "mine")); err != nil || st.Sys().(*syscall.Stat_t).Uid != 65534 || st.Sys().(*syscall.Stat_t).Gid != 65534 {
		t.Fatalf("file written by nobody: %+v %v", st.Sys(), err)
	}
	// Root keeps its powers: it reads what nobody wrote and the secret alike.
	if r := s.file(tFileRead, 7, fileRequest{Path: filepath.Join(dir, "secret"), User: "root"}); string(r.data) != "s" {
		t.Fatalf("root read: %+v", r)
	}

	// Many operations at once, then every thread of the supervisor must be root again.
	const n = 40
	for i := range uint32(n) {
		typ := []byte{tFileRead, tFileStat, tFileList, tFileRead}[i%4]
		s.send(typ, 100+i, mustJSON(nobody([]string{"pub/mine", "secret", "pub", "secret"}[i%4])))
	}
	answered := map[uint32]bool{}
	for len(answered) < n {
		f := s.next(10 * time.Second)
		if f.typ != tFileData {
			answered[f.id] = true
		}
	}
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", s.cmd.Process.Pid))
	for _, p := range tasks {
		m := status(p)
		if m["Uid"] != "0 0 0 0" || m["Gid"] != "0 0 0 0" || m["Groups"] != groups {
			t.Errorf("%s: Uid %q Gid %q Groups %q (want groups %q)", p, m["Uid"], m["Gid"], m["Groups"], groups)
		}
	}
	if len(tasks) == 0 {
		t.Fatal("no threads found")
	}
}

func TestE2EFileDuringCall(t *testing.T) {
	t.Parallel()
	needRoot(t)
	s := helloSup(t)
	dir := t.TempDir()
	r := req("/bin/sh", "-c", "sleep 1; cat")
	r.Stdin = true
	start := time.Now()
	s.send(tExec, 1, mustJSON(r))
	s.expect(tStarted, 1)
	// The write's content and the call's stdin travel side by side, by id.
	s.send(tStdin, 1, []byte("to the call"))
	s.sendContent(2, fileRequest{Path: filepath.Join(dir, "f"), User: "root"}, []byte("to the file"))
	s.send(tStdinEOF, 1, nil)
	s.send(tFileStat, 3, mustJSON(fileRequest{Path: dir, User: "root"}))
	s.send(tFileRead, 4, mustJSON(fileRequest{Path: "/etc/passwd", User: "root"}))

	var stdout []byte
	answered := map[uint32]time.Duration{}
	for answered[1] == 0 {
		f := s.next(10 * time.Second)
		switch f.typ {
		case tStdout:
			stdout = append(stdout, f.payload...)
		case tFileDone, tFileInfo, tExit:
			answered[f.id] = time.Since(start)
		case tFileData:
		default:
			t.Fatalf("frame 0x%02x id %d: %s", f.typ, f.id, f.payload)
		}
	}
	for id := uint32(2); id <= 4; id++ {
		if answered[id] == 0 || answered[id] >= answered[1] || answered[id] > 900*time.Millisecond {
			t.Fatalf("file operation %d answered after %v, the call's EXIT after %v", id, answered[id], answered[1])
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "f")); string(stdout) != "to the call" || string(b) != "to the file" {
		t.Fatalf("call stdout %q, file %q", stdout, b)
	}
}

func TestE2EFileRemove(t *testing.T) {
	t.Parallel()
	needRoot(t)
	s := helloSup(t)
	dir := t.TempDir()
	at := func(name, user string) fileRequest { return fileRequest{Path: filepath.Join(dir, name), User: user} }
	os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	os.Symlink(filepath.Join(dir, "f"), filepath.Join(dir, "link"))

	// Root's directory: nobody may not remove from it.
	s.file(tFileRemove, 1, at("f", "65534")).mustFail(t, "permission", "")
	// A symlink goes, its target stays.
	s.file(tFileRemove, 2, at("link", "root")).mustDone(t, 0)
	if _, err := os.Stat(filepath.Join(dir, "f")); err != nil {
		t.Fatalf("the link's target went too: %v", err)
	}
	s.file(tFileRemove, 3, at("f", "root")).mustDone(t, 0)
	if _, err := os.Lstat(filepath.Join(dir, "f")); !os.IsNotExist(err) {
		t.Fatalf("f still exists: %v", err)
	}
	s.file(tFileRemove, 4, at("f", "root")).mustFail(t, "not_found", "")
	s.file(tFileRemove, 5, at("d", "root")).mustFail(t, "not_a_file", "")
}
