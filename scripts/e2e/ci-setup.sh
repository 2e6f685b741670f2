#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine for the VS Code host tiers: apt packages (chromium for the
# workbench, build tools + libkrb5-dev for code-server's native modules, ripgrep to stand in for the
# GitHub download) and code-server itself. Idempotent and quiet: skips what is already there.
#   usage: bash scripts/e2e/ci-setup.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PKGS=(chromium build-essential python3 python3-boto3 pkg-config libkrb5-dev ripgrep)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "ci-setup: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "ci-setup: apt packages present"
fi
bash "$HERE/install-code-server.sh" | tail -2 | head -1
