package main

import (
	"fmt"
	"os"
	"syscall"
)

// privileged is whether the supervisor can switch identities (it runs as root
// with SETUID/SETGID). An unprivileged supervisor (a Kubernetes pod under the
// PodSecurity "restricted" profile) shares the code's uid: it serves only that
// uid, as itself.
var privileged = os.Geteuid() == 0

// forSupervisor adapts a resolved user to what this supervisor can do. Without
// privileges only the supervisor's own uid is served, and then with its own
// gid and groups (the pod's runAsGroup, fsGroup and supplementalGroups): no
// call or file operation changes identity.
func forSupervisor(cr cred) (cred, error) {
	if privileged {
		return cr, nil
	}
	uid := uint32(os.Geteuid())
	if cr.uid != uid {
		return cred{}, fmt.Errorf("this supervisor runs unprivileged as uid %d (no SETUID capability), so it cannot act as uid %d", uid, cr.uid)
	}
	groups, err := getgroups()
	if err != nil {
		return cred{}, fmt.Errorf("getgroups: %w", err)
	}
	return cred{uid: uid, gid: uint32(os.Getegid()), groups: groups, home: cr.home, inherit: true}, nil
}

// credential is what a call's process starts with: nil (inherit ours) when no
// switch is needed, since an unprivileged setgroups fails even to the same set.
func credential(cr cred) *syscall.Credential {
	if cr.inherit {
		return nil
	}
	return &syscall.Credential{Uid: cr.uid, Gid: cr.gid, Groups: cr.groups}
}
