#!/usr/bin/env bash
# Installs what building and testing need, and only what is missing: Debian's
# packages (compilers, Emscripten, libraries, Chromium and Firefox for browser
# tests, PyYAML to check the Pages workflow), then
# the npm devDependencies. Quiet when there is nothing to do; safe to rerun.
# Run it directly or as `npm run setup` (an explicit step, not a postinstall:
# npm run as root runs scripts as the checkout's owner).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(emscripten nlohmann-json3-dev doctest-dev cmake g++ make chromium firefox-esr clang-format clang python3-yaml)
# `--slurm`: only the packages of the real-Slurm test (tests/slurm/), which
# installs them on demand so a plain setup stays without Slurm daemons.
slurm_only=false
if [[ ${1:-} == --slurm ]]; then
    slurm_only=true
    packages=(slurm-wlm munge)
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
    as_root=()
    can_install=false
    if command -v apt-get >/dev/null; then
        if [[ $(id -u) -eq 0 ]]; then
            can_install=true
        elif command -v sudo >/dev/null; then
            as_root=(sudo)
            can_install=true
        fi
    fi
    if ! $can_install; then
        echo "bootstrap: missing Debian packages; as root, run:" >&2
        echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "bootstrap: installing ${missing[*]}"
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

$slurm_only && exit 0

# npm writes node_modules/.package-lock.json on every install: older than
# package-lock.json means the lock changed since.
marker=node_modules/.package-lock.json
if [[ ! -f $marker || package-lock.json -nt $marker ]]; then
    echo "bootstrap: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi
