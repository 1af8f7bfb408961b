#!/bin/sh
# Debian packages the tests use: chromium (real-browser test), bubblewrap
# (sandboxed grading), postgresql (the gradebook on a PostgreSQL server; the
# tests start a throw-away server of their own) and nodejs with npm (the
# independent verifier of signed badges, tests/verifier). Installed only when missing.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
# Debian keeps initdb and pg_ctl out of PATH, under /usr/lib/postgresql/<version>/bin.
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 ||
    missing="$missing postgresql"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install:$missing (no apt-get here). The tests that need them will be skipped." >&2
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
