#!/usr/bin/env bash
# Puts Node.js 24 LTS (>= 24.15, what package.json's `engines` asks) first on PATH, for CI and for
# developers on a machine whose own Node.js is older:
#   source .ci/node24.sh          this bash shell uses Node 24 from now on
#   bash .ci/node24.sh CMD ARG…   runs one command with Node 24, e.g. `bash .ci/node24.sh npm test`
# A `node` already on PATH that is 24.15 or newer is used as it is. Otherwise the official binary,
# published on the npm registry as `node-linux-<arch>`, is installed once into a cache folder outside
# the clone (NODE24_DIR, default ${XDG_CACHE_HOME:-~/.cache}/deal-ledger/node-24) and reused while it
# is a 24.15+ release. npm itself is the machine's own (any npm ≥ 10 runs on Node 24).
# `source .ci/node24.sh --functions-only` only defines `node24_use` (that is what .ci/run does).

# Succeeds when the given node binary is Node.js 24.15 or a later 24.x.
node24_is_ok() {
  local version
  version=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
  [[ $version =~ ^24\.([0-9]+)\. ]] && ((BASH_REMATCH[1] >= 15))
}

node24_use() {
  if command -v node >/dev/null && node24_is_ok node; then
    echo "node24: using $(command -v node) ($(node --version))" >&2
    return 0
  fi
  local dir="${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/deal-ledger/node-24}"
  local os arch
  os=$(uname -s)
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=unknown ;;
  esac
  if [[ $os != Linux || $arch == unknown ]]; then
    echo "node24: no registry binary for $os $(uname -m); install Node.js 24 LTS yourself (nvm use reads .nvmrc)" >&2
    return 1
  fi
  local pkg="node-linux-${arch}"
  local bin="$dir/node_modules/$pkg/bin"
  if ! node24_is_ok "$bin/node"; then
    echo "node24: installing $pkg@24 into $dir" >&2
    # Installed beside the cache and moved into place, so an interrupted download never leaves a
    # half-written binary where the next run would find it.
    local staging="$dir.partial.$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    if ! timeout --kill-after=10s 150s npm install --prefix "$staging" --no-save --no-package-lock \
      --no-audit --no-fund --loglevel=error "$pkg@24" >&2; then
      rm -rf "$staging"
      echo "node24: could not install $pkg@24 from the npm registry" >&2
      return 1
    fi
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    mv "$staging" "$dir"
    if ! node24_is_ok "$bin/node"; then
      echo "node24: $bin/node is not a working Node.js 24.15+" >&2
      return 1
    fi
  fi
  case ":$PATH:" in
    *":$bin:"*) ;;
    *) export PATH="$bin:$PATH" ;;
  esac
  hash -r
  echo "node24: using $bin/node ($(node --version))" >&2
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  # Run as a script: put Node 24 first, then run the command given (or just say which node).
  set -euo pipefail
  node24_use
  if (($#)); then exec "$@"; fi
elif [[ ${1:-} != --functions-only ]]; then
  node24_use
fi
