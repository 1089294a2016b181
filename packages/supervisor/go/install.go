package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// installSelf copies this executable to path (mode 0555): how a Kubernetes
// pod gets the supervisor. An init container running the supervisor's own
// image puts it into a volume the sandbox container then runs it from, so
// the sandbox image needs no shell, tar or writable root.
func installSelf(path string) error {
	src, err := os.Open("/proc/self/exe")
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".llmsb-supervisor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("copying to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o555); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
