#!/usr/bin/env bash
# Installs code-server 4.100.3 (a real VS Code 1.100.3: server, Node extension host and web workbench)
# from the npm registry into a git-ignored folder, apart from the extension's own node_modules.
# Reused when already present. Needs the apt packages from ci-setup.sh (build tools, libkrb5-dev, ripgrep).
#   usage: scripts/e2e/install-code-server.sh            env: CS_PREFIX (default <repo>/.e2e/code-server)
# Prints the path of the code-server launcher on its last line.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${CS_PREFIX:-$ROOT/.e2e/code-server}
CS_VERSION=${CS_VERSION:-4.100.3}
BIN="$PREFIX/node_modules/.bin/code-server"
mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
BIN="$PREFIX/node_modules/.bin/code-server"

installed_version() {
  node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch{}' "$PREFIX/node_modules/code-server/package.json"
}
if [ -x "$BIN" ] && [ "$(installed_version)" = "$CS_VERSION" ] && [ -f "$PREFIX/.install-ok" ]; then
  echo "code-server $CS_VERSION already installed in $PREFIX"
  echo "$BIN"
  exit 0
fi

for tool in rg cc make python3 pkg-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing; run scripts/e2e/ci-setup.sh (apt) first" >&2; exit 1; }
done

# node-gyp must build native modules against local headers (Debian's nodejs ships /usr/include/node);
# otherwise it tries to download them from nodejs.org.
if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi
# code-server's postinstall refuses to run as root unless unsafe_perm is set (still honoured via env).
export npm_config_unsafe_perm=true
# node-pty's postinstall runs `npx node-gyp ...`; without this npx waits for a prompt.
export npm_config_yes=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# @vscode/ripgrep's postinstall downloads a binary from GitHub, which is unreachable here. Its cache is
# os.tmpdir()/vscode-ripgrep-cache-<version>/<asset>; seed it with Debian's rg. TMPDIR stays inside PREFIX.
export TMPDIR="$PREFIX/.tmp"; mkdir -p "$TMPDIR"
RG_PKG_VER=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VER"
mkdir -p "$RG_CACHE"
if [ ! -s "$RG_CACHE/$RG_ASSET" ]; then
  d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"; tar czf "$RG_CACHE/$RG_ASSET" -C "$d" rg; rm -rf "$d"
fi

cd "$PREFIX"
[ -f package.json ] || echo '{"name":"multi-region-review-e2e-host","private":true}' > package.json
rm -f .install-ok
echo "installing code-server $CS_VERSION into $PREFIX (about a minute) ..."
LOG="$PREFIX/install.log"
start=$(date +%s)
if ! npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >"$LOG" 2>&1; then
  echo "install-code-server: npm install failed; last lines of $LOG:" >&2
  tail -40 "$LOG" >&2
  exit 1
fi
# `--version` would write ~/.config/code-server/config.yaml without these.
v=$(XDG_CONFIG_HOME="$TMPDIR" XDG_DATA_HOME="$TMPDIR" "$BIN" --version 2>/dev/null | tail -1)
case "$v" in
  "$CS_VERSION"*) ;;
  *) echo "install-code-server: code-server did not run after install (got: '$v')" >&2; exit 1 ;;
esac
touch "$PREFIX/.install-ok"
echo "installed code-server $v in $(( $(date +%s) - start ))s ($(du -sh "$PREFIX/node_modules" | cut -f1))"
echo "$BIN"
