#!/bin/sh
# Prints the path of a Python >= 3.12: the image's default python3 may be older,
# so try versioned names on PATH, then pyenv's installs, then plain python3.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in python3.14 python3.13 python3.12; do
    p=$(command -v "$cand" 2>/dev/null) && ok "$p" && { echo "$p"; exit 0; }
done
root=${PYENV_ROOT:-$HOME/.pyenv}
for p in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    ok "$p/bin/python3" && { echo "$p/bin/python3"; exit 0; }
done
for p in /usr/local/bin/python3 /usr/bin/python3 python3; do
    ok "$p" && { command -v "$p"; exit 0; }
done
echo "find-python: no Python >= 3.12 found; install python3.12 (or pyenv install 3.12)" >&2
exit 1
