package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// idLines returns the Uid, Gid and Groups lines of a /proc status file.
func idLines(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if k, _, _ := strings.Cut(line, ":"); k == "Uid" || k == "Gid" || k == "Groups" {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, "; ")
}

// identityFixture gives the process's ids now, a file only root may open, and an unprivileged
// identity to act as.
func identityFixture(t *testing.T) (before, secret string, nobody cred) {
	if os.Getuid() != 0 {
		t.Skip("needs root")
	}
	secret = filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, nil, 0o600)
	return idLines("/proc/self/status"), secret, cred{uid: 65534, gid: 65533, groups: []uint32{65532, 65531}}
}

func TestAsUser(t *testing.T) {
	before, secret, nobody := identityFixture(t)

	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var inside string
			var openErr error
			err := asUser(nobody, func() error {
				inside = idLines("/proc/thread-self/status")
				_, openErr = os.Open(secret)
				return nil
			})
			// Only the file-system ids change.
			if err != nil || inside != "Uid: 0 0 0 65534; Gid: 0 0 0 65533; Groups: 65531 65532" {
				t.Errorf("inside asUser: %q, %v", inside, err)
			}
			if !errors.Is(openErr, syscall.EACCES) {
				t.Errorf("opening a 0600 root file as nobody: %v", openErr)
			}
		}()
	}
	wg.Wait()
	if err := asUser(nobody, func() error { return syscall.ENOSPC }); err != syscall.ENOSPC {
		t.Fatalf("fn's error: %v", err)
	}
	tasks, _ := filepath.Glob("/proc/self/task/*/status")
	for _, p := range tasks {
		if got := idLines(p); got != before {
			t.Errorf("%s: %q, want %q", p, got, before)
		}
	}
}

// The fallback for kernels without setfs[ug]id (gVisor): the thread's effective ids switch, the
// real and saved ones stay root's, and everything is as before afterwards.
func TestRunAsEffective(t *testing.T) {
	before, secret, nobody := identityFixture(t)
	res := make(chan string, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		groups, _ := getgroups()
		var inside string
		var openErr error
		restored, err := runAsEffective(nobody, groups, func() error {
			inside = idLines("/proc/thread-self/status")
			_, openErr = os.Open(secret)
			return nil
		})
		switch {
		case err != nil || !restored:
			res <- fmt.Sprintf("err %v, restored %v", err, restored)
		case inside != "Uid: 0 65534 0 65534; Gid: 0 65533 0 65533; Groups: 65531 65532":
			res <- "inside: " + inside
		case !errors.Is(openErr, syscall.EACCES):
			res <- fmt.Sprintf("opening a 0600 root file as nobody: %v", openErr)
		default:
			res <- ""
		}
	}()
	if msg := <-res; msg != "" {
		t.Fatal(msg)
	}
	if after := idLines("/proc/self/status"); after != before {
		t.Fatalf("ids changed: %q -> %q", before, after)
	}
}
