package main

import (
	"os"
	"path/filepath"
	"testing"
)

// An EXEC's file exists, as the call's user's, for exactly as long as the call.
func TestE2EExecFileLivesAsLongAsTheCall(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	dir, err := os.MkdirTemp("", "execfile") // t.TempDir's parent is closed to other users
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	path := filepath.Join(dir, "code.py")
	r := req("/bin/sh", "-c", `cat "$0"; stat -c %u "$0"`, path)
	r.User = "65534"
	r.File = &execFile{Path: path, Content: "print('hi')\n\x00"}
	res := s.exec(1, r)
	res.mustExit(t, 0)
	if string(res.stdout) != "print('hi')\n\x00"+"65534\n" {
		t.Fatalf("stdout %q", res.stdout)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("the file outlived its call: %v", err)
	}

	// The call swapped its file for a symlink to a file of root's: the end
	// removes the link, never the target.
	target := filepath.Join(dir, "roots")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = req("/bin/sh", "-c", `rm "$0" && ln -s "$1" "$0"`, path, target)
	r.User = "65534"
	r.File = &execFile{Path: path, Content: "x"}
	s.exec(2, r).mustExit(t, 0)
	if b, err := os.ReadFile(target); err != nil || string(b) != "keep" {
		t.Fatalf("the symlink's target: %q %v", b, err)
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Fatalf("the symlink the call left: %v", err)
	}
}

// A file that cannot be written as the call's user starts nothing.
func TestE2EExecFileRefusedStartsNothing(t *testing.T) {
	t.Parallel()
	s := helloSup(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "target"), link); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		path, user, code string
	}{
		{filepath.Join(dir, "x.py"), "65534", "permission"}, // the directory is root's
		{link, "root", "permission"},                        // never through a symlink
		{filepath.Join(dir, "none", "x.py"), "root", "not_found"},
	} {
		r := req("/bin/touch", marker)
		r.User = tc.user
		r.File = &execFile{Path: tc.path, Content: "x"}
		res := s.exec(uint32(10+i), r)
		if res.err == nil || res.err.Code != tc.code {
			t.Fatalf("%s as %s: %+v %+v, want ERROR %s", tc.path, tc.user, res.err, res.exit, tc.code)
		}
		if _, err := os.Lstat(marker); !os.IsNotExist(err) {
			t.Fatalf("%s: the call started", tc.path)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "target")); !os.IsNotExist(err) {
		t.Fatal("wrote through the symlink")
	}
}
