package main

import (
	"os"
	"strings"
)

// baseEnv is the environment the engine gave the sandbox (the image's and the
// container's variables). Calls start from it, as an engine exec would.
var baseEnv = os.Environ()

// callEnv is a call's whole environment: the base one (unless clearEnv), the
// user's HOME, then the request's variables, each name once, the last wins.
// The base HOME is root's, never the call user's, so it is always replaced.
func callEnv(req *execRequest, cr cred) []string {
	var layers []string
	if !req.ClearEnv {
		layers = append(layers, baseEnv...)
	}
	layers = append(layers, "HOME="+cr.home)
	layers = append(layers, req.Env...)
	index := map[string]int{}
	env := make([]string, 0, len(layers))
	for _, kv := range layers {
		name, _, _ := strings.Cut(kv, "=")
		if i, seen := index[name]; seen {
			env[i] = kv
			continue
		}
		index[name] = len(env)
		env = append(env, kv)
	}
	return env
}
