package main

import (
	"reflect"
	"testing"
)

const testPasswd = `# comment
root:x:0:0:root:/root:/bin/bash
sandbox:x:1000:1000::/home/sandbox:/bin/sh
odd:x:2000:3000::/:/bin/sh
broken:x:abc:1::/:/bin/sh
short:x:5
`

const testGroup = `root:x:0:
sandbox:x:1000:
docker:x:999:alice,sandbox
audio:x:29:sandbox
users:x:100:alice
`

func TestResolveUser(t *testing.T) {
	cases := []struct {
		spec string
		want cred
		bad  bool
	}{
		{spec: "sandbox", want: cred{uid: 1000, gid: 1000, groups: []uint32{999, 29}, home: "/home/sandbox"}},
		{spec: "root", want: cred{uid: 0, gid: 0, groups: []uint32{}, home: "/root"}},
		{spec: "1000", want: cred{uid: 1000, gid: 1000, groups: []uint32{}, home: "/home/sandbox"}},
		{spec: "2000", want: cred{uid: 2000, gid: 3000, groups: []uint32{}, home: "/"}},
		{spec: "65534", want: cred{uid: 65534, gid: 65534, groups: []uint32{}, home: "/"}},
		{spec: "12:34", want: cred{uid: 12, gid: 34, groups: []uint32{}, home: "/"}},
		{spec: "nobody", bad: true},
		{spec: "broken", bad: true},
		{spec: "short", bad: true},
		{spec: "sandbox:1", bad: true},
		{spec: "1:", bad: true},
		{spec: "-1", bad: true},
		{spec: "4294967295", bad: true},
		{spec: "0:4294967295", bad: true},
	}
	for _, tc := range cases {
		got, err := resolveUser(tc.spec, testPasswd, testGroup)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: got %+v, want an error", tc.spec, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %+v, %v; want %+v", tc.spec, got, err, tc.want)
		}
	}
}

func TestParseStat(t *testing.T) {
	p, ok := parseStat(42, []byte("42 (a) b (c)) Z 17 41 42 0 -1"))
	if !ok || p.ppid != 17 || p.pgrp != 41 || !p.zombie {
		t.Fatalf("got %+v %v", p, ok)
	}
	if _, ok := parseStat(1, []byte("1 (x")); ok {
		t.Fatal("accepted a truncated stat")
	}
}
