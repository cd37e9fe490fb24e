//go:build tools

// Package tools names the two programs this module exists to build, so `go mod tidy` keeps
// their dependencies. scripts/ensure-apiserver.sh builds them; nothing imports this file.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
