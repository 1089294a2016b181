// 386 and arm are left out: there the plain set*id syscalls take 16-bit ids.
//go:build !386 && !arm

package main

import (
	"fmt"
	"runtime"
	"slices"
	"syscall"
	"unsafe"
)

// asUser runs fn with cr's file-system identity (fsuid, fsgid, groups), so the
// kernel checks cr's permissions on what fn opens, stats or lists. Only the
// OS thread fn runs on changes: the raw syscalls act on the calling thread,
// whereas since Go 1.16 syscall.Setgroups & co. change every thread. fn must
// not start goroutines that touch the file system. The supervisor's own
// identity (inherit) needs no switch.
func asUser(cr cred, fn func() error) error {
	if cr.inherit {
		return fn()
	}
	res := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		restored, err := runAs(cr, fn)
		if restored {
			runtime.UnlockOSThread()
		} else {
			// Exiting while locked makes the runtime discard the thread.
			logf("could not restore the identity of a thread after acting as uid %d; discarding it", cr.uid)
		}
		res <- err
	}()
	return <-res
}

// runAs switches the locked thread to cr, runs fn and switches back; restored
// is false if the thread's identity is not verifiably what it was.
func runAs(cr cred, fn func() error) (restored bool, err error) {
	groups, err := getgroups()
	if err != nil {
		return true, fmt.Errorf("getgroups: %w", err)
	}
	if err := setgroups(cr.groups); err != nil {
		return true, fmt.Errorf("cannot take the groups of uid %d: %w", cr.uid, err)
	}
	// setfs[ug]id return the previous id and report no errors: a second call
	// tells whether the first one took effect. The uid goes last because
	// leaving fsuid 0 drops the file capabilities.
	gid := setfsgid(cr.gid)
	uid := setfsuid(cr.uid)
	if setfsgid(cr.gid) != cr.gid || setfsuid(cr.uid) != cr.uid {
		// No setfs[ug]id (gVisor): switch the thread's effective ids instead.
		if !restore(uid, gid, groups) {
			return false, fmt.Errorf("cannot act as uid %d gid %d: %w", cr.uid, cr.gid, syscall.EPERM)
		}
		return runAsEffective(cr, groups, fn)
	}
	err = fn()
	return restore(uid, gid, groups), err
}

// runAsEffective is runAs through the thread's effective uid and gid (the
// real and saved ids stay root's, so the switch back is allowed and, going
// back to euid 0, the permitted capabilities become effective again).
func runAsEffective(cr cred, groups []uint32, fn func() error) (restored bool, err error) {
	euid, egid := uint32(syscall.Geteuid()), uint32(syscall.Getegid())
	if err := setgroups(cr.groups); err != nil {
		return true, fmt.Errorf("cannot take the groups of uid %d: %w", cr.uid, err)
	}
	keep := ^uintptr(0) // -1: leave that id as it is
	_, _, e1 := syscall.RawSyscall(syscall.SYS_SETRESGID, keep, uintptr(cr.gid), keep)
	_, _, e2 := syscall.RawSyscall(syscall.SYS_SETRESUID, keep, uintptr(cr.uid), keep)
	if e1 != 0 || e2 != 0 {
		err = fmt.Errorf("cannot act as uid %d gid %d: %w", cr.uid, cr.gid, syscall.EPERM)
	} else {
		err = fn()
	}
	_, _, e1 = syscall.RawSyscall(syscall.SYS_SETRESUID, keep, uintptr(euid), keep)
	_, _, e2 = syscall.RawSyscall(syscall.SYS_SETRESGID, keep, uintptr(egid), keep)
	ok := e1 == 0 && e2 == 0 && setgroups(groups) == nil && uint32(rawGeteuid()) == euid && uint32(rawGetegid()) == egid
	now, gerr := getgroups()
	return ok && gerr == nil && slices.Equal(now, groups), err
}

// rawGeteuid and rawGetegid read the calling thread's ids (gVisor keeps them per thread).
func rawGeteuid() uintptr {
	id, _, _ := syscall.RawSyscall(syscall.SYS_GETEUID, 0, 0, 0)
	return id
}

func rawGetegid() uintptr {
	id, _, _ := syscall.RawSyscall(syscall.SYS_GETEGID, 0, 0, 0)
	return id
}

// restore switches back (fsuid first, which regains the file capabilities)
// and checks that every id is as before.
func restore(uid, gid uint32, groups []uint32) bool {
	setfsuid(uid)
	setfsgid(gid)
	if setfsuid(uid) != uid || setfsgid(gid) != gid || setgroups(groups) != nil {
		return false
	}
	now, err := getgroups()
	return err == nil && slices.Equal(now, groups)
}

func setfsuid(uid uint32) uint32 {
	prev, _, _ := syscall.RawSyscall(syscall.SYS_SETFSUID, uintptr(uid), 0, 0)
	return uint32(prev)
}

func setfsgid(gid uint32) uint32 {
	prev, _, _ := syscall.RawSyscall(syscall.SYS_SETFSGID, uintptr(gid), 0, 0)
	return uint32(prev)
}

func setgroups(gids []uint32) error {
	var p unsafe.Pointer
	if len(gids) > 0 {
		p = unsafe.Pointer(&gids[0])
	}
	if _, _, e := syscall.RawSyscall(syscall.SYS_SETGROUPS, uintptr(len(gids)), uintptr(p), 0); e != 0 {
		return e
	}
	return nil
}

// getgroups reads the calling thread's supplementary groups (sorted: the
// kernel sorts them in setgroups).
func getgroups() ([]uint32, error) {
	n, _, e := syscall.RawSyscall(syscall.SYS_GETGROUPS, 0, 0, 0)
	if e != 0 {
		return nil, e
	}
	gids := make([]uint32, n)
	if n == 0 {
		return gids, nil
	}
	if n, _, e = syscall.RawSyscall(syscall.SYS_GETGROUPS, n, uintptr(unsafe.Pointer(&gids[0])), 0); e != 0 {
		return nil, e
	}
	return gids[:n], nil
}
