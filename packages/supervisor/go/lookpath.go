package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// callError is an ERROR frame for a call that could not start.
type callError errorMsg

func notFound(name string) *callError {
	return &callError{Code: "spawn", Message: name + ": not found", ExitCode: 127}
}

func notExecutable(name string, err error) *callError {
	return &callError{Code: "spawn", Message: fmt.Sprintf("%s: not executable: %v", name, err), ExitCode: 126}
}

// lookPath resolves argv[0] like execvp but for the call's user and env:
// relative paths against cwd, PATH from env. A candidate that exists but may
// not be executed is reported (126) only when no other candidate works.
func lookPath(name string, env []string, cwd string, c cred) (string, *callError) {
	if strings.Contains(name, "/") {
		p := inDir(cwd, name)
		if err := checkExec(p, c); err != nil {
			if isNotExist(err) {
				return "", notFound(name)
			}
			return "", notExecutable(name, err)
		}
		return p, nil
	}
	var denied error
	for _, dir := range filepath.SplitList(envPath(env)) {
		if dir == "" {
			dir = "."
		}
		p := inDir(cwd, filepath.Join(dir, name))
		err := checkExec(p, c)
		if err == nil {
			return p, nil
		}
		if !isNotExist(err) && denied == nil {
			denied = err
		}
	}
	if denied != nil {
		return "", notExecutable(name, denied)
	}
	return "", notFound(name)
}

func inDir(cwd, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(cwd, p)
}

// envPath is the first PATH in env, as getenv would see it.
func envPath(env []string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			return v
		}
	}
	return defaultPath
}

func isNotExist(err error) bool {
	return errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ENOTDIR)
}

func checkExec(p string, c cred) error {
	var st syscall.Stat_t
	if err := syscall.Stat(p, &st); err != nil {
		return err
	}
	switch {
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		return syscall.EISDIR
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG || !mayExec(&st, c):
		return syscall.EACCES
	}
	return nil
}

// mayExec applies the execute/search bits the kernel would check for c;
// root needs some x bit on files and nothing on directories.
func mayExec(st *syscall.Stat_t, c cred) bool {
	m := st.Mode
	switch {
	case c.uid == 0:
		return m&0o111 != 0 || m&syscall.S_IFMT == syscall.S_IFDIR
	case st.Uid == c.uid:
		return m&0o100 != 0
	case st.Gid == c.gid || slices.Contains(c.groups, st.Gid):
		return m&0o010 != 0
	default:
		return m&0o001 != 0
	}
}
