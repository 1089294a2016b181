package main

import (
	"os"
	"strings"
	"testing"
)

// An unprivileged supervisor (Kubernetes, restricted identity) serves only its own uid, as
// itself; a privileged one passes every user through.
func TestForSupervisor(t *testing.T) {
	own := uint32(os.Geteuid())
	other := own + 1000
	defer func(was bool) { privileged = was }(privileged)

	privileged = true
	if cr, err := forSupervisor(cred{uid: other, gid: other}); err != nil || cr.inherit || cr.uid != other {
		t.Fatalf("privileged: got %+v, %v", cr, err)
	}

	privileged = false
	cr, err := forSupervisor(cred{uid: own, gid: 12345, groups: []uint32{7}, home: "/home/x"})
	if err != nil {
		t.Fatal(err)
	}
	if !cr.inherit || cr.gid != uint32(os.Getegid()) || cr.home != "/home/x" || credential(cr) != nil {
		t.Fatalf("own uid: want our identity, inherited; got %+v", cr)
	}
	if _, err := forSupervisor(cred{uid: other}); err == nil || !strings.Contains(err.Error(), "unprivileged") {
		t.Fatalf("another uid: want a refusal, got %v", err)
	}
}
