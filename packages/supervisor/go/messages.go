package main

import (
	"bytes"
	"encoding/json"
	"errors"
)

const (
	supervisorVersion = "0.1.0"
	protocolVersion   = 1
)

type helloRequest struct {
	Version      int   `json:"version"`
	OwnerGraceMs int64 `json:"ownerGraceMs"`
	Owned        bool  `json:"owned"`
}

type execRequest struct {
	Argv           []string  `json:"argv"`
	Env            []string  `json:"env"`
	ClearEnv       bool      `json:"clearEnv"`
	Cwd            string    `json:"cwd"`
	User           string    `json:"user"`
	Stdin          bool      `json:"stdin"`
	TimeoutMs      int64     `json:"timeoutMs"`
	MaxOutputBytes int64     `json:"maxOutputBytes"`
	Resident       bool      `json:"resident"`   // see resident.go
	ForkServer     bool      `json:"forkServer"` // see forkserver.go
	Warm           bool      `json:"warm"`       // start through the fork server when one is ready
	File           *execFile `json:"file"`       // written before the call starts, removed at its end
}

// execFile is a file a call needs for as long as it runs (the code a run
// executes): written as the call's user like FILE_WRITE, so one request does
// what would otherwise take three.
type execFile struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// fileRequest is the payload of FILE_READ, FILE_WRITE, FILE_STAT and
// FILE_LIST; each uses the fields that apply to it.
type fileRequest struct {
	Path       string `json:"path"`
	User       string `json:"user"`
	MaxBytes   int64  `json:"maxBytes"`
	Mode       *int64 `json:"mode"` // nil: 0644; 0 is a valid mode
	MaxEntries int64  `json:"maxEntries"`
}

type helloOK struct {
	Version    int    `json:"version"`
	Pid        int    `json:"pid"`
	Arch       string `json:"arch"`
	Supervisor string `json:"supervisor"`
}

type startedMsg struct {
	Pid  int  `json:"pid"`
	Warm bool `json:"warm,omitempty"` // the fork server made the process
}

type droppedMsg struct {
	Stream string `json:"stream"`
	Bytes  int64  `json:"bytes"`
}

type usage struct {
	CPUUserMs   int64 `json:"cpuUserMs"`
	CPUSystemMs int64 `json:"cpuSystemMs"`
	MaxRSSKB    int64 `json:"maxRssKB"`
	WallMs      int64 `json:"wallMs"`
}

type exitMsg struct {
	ExitCode int    `json:"exitCode"`
	Signal   string `json:"signal"`
	TimedOut bool   `json:"timedOut"`
	Killed   bool   `json:"killed"`
	Usage    usage  `json:"usage"`
}

type fileDone struct {
	Size int64 `json:"size"`
}

// fileInfo is a FILE_STAT answer and one FILE_LIST entry.
type fileInfo struct {
	Name       string `json:"name"`
	Type       string `json:"type"` // file, directory, symlink or other
	Size       int64  `json:"size"`
	Mode       uint32 `json:"mode"` // permission bits, setuid/setgid/sticky included
	MtimeMs    int64  `json:"mtimeMs"`
	LinkTarget string `json:"linkTarget,omitempty"`
}

type fileList struct {
	Entries []fileInfo `json:"entries"`
}

// errorMsg is the ERROR payload. ExitCode is an extra hint for `spawn`
// (127: not found, 126: cannot execute) so clients need not parse messages.
type errorMsg struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	ExitCode int    `json:"exitCode,omitempty"`
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain structs are marshalled
	}
	return b
}

// errMalformed marks a payload that is not a JSON object: a protocol error,
// unlike a well-formed object with wrong field types (a bad request).
var errMalformed = errors.New("payload is not a JSON object")

func decodeJSON(p []byte, v any) error {
	t := bytes.TrimLeft(p, " \t\r\n")
	if len(t) == 0 || t[0] != '{' || !json.Valid(p) {
		return errMalformed
	}
	return json.Unmarshal(p, v)
}
