package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// cred is who a call runs as.
type cred struct {
	uid, gid uint32
	groups   []uint32
	home     string // from /etc/passwd; "/" when the user has no entry
	inherit  bool   // the supervisor's own identity: act without switching
}

// lookupUser resolves an EXEC `user` against the sandbox's own files.
func lookupUser(spec string) (cred, error) {
	passwd, _ := os.ReadFile("/etc/passwd")
	group, _ := os.ReadFile("/etc/group")
	cr, err := resolveUser(spec, string(passwd), string(group))
	if err != nil {
		return cred{}, err
	}
	return forSupervisor(cr)
}

// resolveUser accepts "name", "uid" or "uid:gid". Numeric users get no
// supplementary groups; a uid without a gid takes its passwd gid if listed,
// else gid = uid (never root's group by default). Named users get the groups
// /etc/group lists them in.
func resolveUser(spec, passwd, group string) (cred, error) {
	if u, g, ok := strings.Cut(spec, ":"); ok {
		uid, err1 := parseID(u)
		gid, err2 := parseID(g)
		if err1 != nil || err2 != nil {
			return cred{}, fmt.Errorf("invalid user %q: want a name, uid or uid:gid", spec)
		}
		return cred{uid: uid, gid: gid, groups: []uint32{}, home: homeOf(uid, passwd)}, nil
	}
	if uid, err := parseID(spec); err == nil {
		gid := uid
		for _, f := range records(passwd, 7) {
			if id, err := parseID(f[2]); err == nil && id == uid {
				if g, err := parseID(f[3]); err == nil {
					gid = g
				}
				break
			}
		}
		return cred{uid: uid, gid: gid, groups: []uint32{}, home: homeOf(uid, passwd)}, nil
	}
	for _, f := range records(passwd, 7) {
		if f[0] != spec {
			continue
		}
		uid, err1 := parseID(f[2])
		gid, err2 := parseID(f[3])
		if err1 != nil || err2 != nil {
			return cred{}, fmt.Errorf("user %q has an invalid /etc/passwd entry", spec)
		}
		return cred{uid: uid, gid: gid, groups: groupsOf(spec, group), home: nonEmpty(f[5])}, nil
	}
	return cred{}, fmt.Errorf("unknown user %q", spec)
}

// homeOf is the home directory /etc/passwd gives uid, or "/".
func homeOf(uid uint32, passwd string) string {
	for _, f := range records(passwd, 7) {
		if id, err := parseID(f[2]); err == nil && id == uid {
			return nonEmpty(f[5])
		}
	}
	return "/"
}

func nonEmpty(dir string) string {
	if dir == "" {
		return "/"
	}
	return dir
}

func groupsOf(name, group string) []uint32 {
	gids := []uint32{}
	for _, f := range records(group, 4) {
		gid, err := parseID(f[2])
		if err != nil {
			continue
		}
		for _, m := range strings.Split(f[3], ",") {
			if strings.TrimSpace(m) == name {
				gids = append(gids, gid)
				break
			}
		}
	}
	return gids
}

// records splits a colon-separated database, skipping comments and lines with
// fewer than n fields.
func records(db string, n int) [][]string {
	var out [][]string
	for _, line := range strings.Split(db, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if f := strings.Split(line, ":"); len(f) >= n {
			out = append(out, f)
		}
	}
	return out
}

// parseID parses a uid/gid. 2^32-1 is refused: to set*id it means "unchanged",
// which would leave the process as root.
func parseID(s string) (uint32, error) {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, err
	}
	if v == math.MaxUint32 {
		return 0, fmt.Errorf("id %d is reserved", v)
	}
	return uint32(v), nil
}
