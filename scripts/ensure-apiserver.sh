#!/usr/bin/env bash
# Builds the kube-apiserver and etcd that the cluster tests run (test/fixtures/cluster/harness.ts),
# from the Go wrapper module in test/cluster, into a cache folder keyed by the Kubernetes version and
# go.sum: ${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/k8s-<version>-<go.sum hash>/.
# Safe to run again: it returns at once when both binaries are there and run.
# `--print-dir` prints that folder and exits. Needs Go >= 1.25 (GOTOOLCHAIN=local: no toolchain download).
set -euo pipefail
cd "$(dirname "$0")/.."

module=test/cluster
k8s_version="$(sed -n 's/^[[:space:]]*k8s\.io\/kubernetes \(v[0-9][^[:space:]]*\).*/\1/p' "$module/go.mod" | head -n1)"
[ -n "$k8s_version" ] || { echo "ensure-apiserver: no k8s.io/kubernetes requirement in $module/go.mod" >&2; exit 1; }
sum_hash="$(sha256sum "$module/go.sum" | cut -c1-12)"
cache="${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}"
bin="$cache/k8s-$k8s_version-$sum_hash"

if [ "${1:-}" = "--print-dir" ]; then
  echo "$bin"
  exit 0
fi

started=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - started) / 1000000 )) ms"; }

# Both present and both run: the apiserver must report the version this folder is named after.
binaries_work() {
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/etcd" ] || return 1
  "$bin/kube-apiserver" --version 2>/dev/null | grep -qxF "Kubernetes $k8s_version" || return 1
  "$bin/etcd" --version >/dev/null 2>&1
}

if binaries_work; then
  echo "ensure-apiserver: kube-apiserver $k8s_version and etcd already in $bin (checked in $(elapsed))"
  exit 0
fi

command -v go >/dev/null || { echo "ensure-apiserver: Go is not installed; the cluster tests need Go >= 1.25 to build kube-apiserver $k8s_version" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0

# Build next to the final folder and rename at the end, so an interrupted build never leaves a
# half-written binary where the tests look.
mkdir -p "$cache"
staging="$(mktemp -d "$cache/.k8s-$k8s_version.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# Without these the binary calls itself v0.0.0-master, and so does the server's /version.
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
version_pkg=k8s.io/component-base/version
ldflags="-s -w -X $version_pkg.gitVersion=$k8s_version -X $version_pkg.gitMajor=1 -X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean"

echo "ensure-apiserver: building kube-apiserver $k8s_version and etcd with $(go version | cut -d' ' -f3) into $bin ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
build() { # output, package
  (cd "$module" && go build -buildvcs=false -trimpath -ldflags "$ldflags" -o "$staging/$1" "$2") \
    || { echo "ensure-apiserver: building $2 failed (see above); nothing was cached" >&2; exit 1; }
  echo "ensure-apiserver: built $1 after $(elapsed)"
}
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build etcd go.etcd.io/etcd/server/v3

"$staging/kube-apiserver" --version | grep -qxF "Kubernetes $k8s_version" \
  || { echo "ensure-apiserver: the new kube-apiserver does not report $k8s_version: $("$staging/kube-apiserver" --version 2>&1)" >&2; exit 1; }
"$staging/etcd" --version >/dev/null || { echo "ensure-apiserver: the new etcd does not run" >&2; exit 1; }

mkdir -p "$bin"
mv -f "$staging/etcd" "$bin/etcd"
mv -f "$staging/kube-apiserver" "$bin/kube-apiserver"
binaries_work || { echo "ensure-apiserver: $bin still lacks working binaries after the build" >&2; exit 1; }
echo "ensure-apiserver: kube-apiserver $k8s_version and $("$bin/etcd" --version | head -n1) ready in $bin after $(elapsed)"
