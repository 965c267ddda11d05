#!/usr/bin/env bash
# Formats the C++ sources with the committed .clang-format, or with --check
# fails (listing the files) when any would change.
set -euo pipefail
cd "$(dirname "$0")/.."
# New files too (--others), not only committed ones: a file is checked
# before its first commit, not after.
files=$(git ls-files --cached --others --exclude-standard 'core/*.h' 'core/*.cpp' 'cli/*.h' \
    'cli/*.cpp' 'wasm/*.h' 'wasm/*.cpp' 'tests/cpp/*.h' 'tests/cpp/*.cpp')
if [ "${1:-}" = "--check" ]; then
    bad=$(for f in $files; do clang-format --dry-run "$f" 2>&1 | grep -q . && echo "$f"; done || true)
    if [ -n "$bad" ]; then
        echo "format: these files differ from .clang-format (run npm run format):" >&2
        echo "$bad" >&2
        exit 1
    fi
    echo "format: $(echo "$files" | wc -w) C++ files follow .clang-format"
else
    clang-format -i $files
fi
