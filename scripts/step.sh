#!/usr/bin/env bash
# One install step of `make run` and friends (scripts/install.sh), told in one line: what it
# does, seconds ticking on a terminal while it runs, then a short result. On failure: the tail of the command's output
# and one line saying what to do, and a non-zero exit that stops make.
#
# Usage: scripts/step.sh [--uv|--quiet] "Title" "What to do if it fails" command [args...]
#   --uv       summarise uv's output ("14 packages installed")
#   --quiet    just "done"
#   otherwise  the command's own output, indented
set -uo pipefail

mode=plain
case "${1:-}" in --uv | --quiet) mode=${1#--}; shift ;; esac
title=$1 advice=$2
shift 2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
"$@" >"$log" 2>&1 &
pid=$!
if [ -t 1 ]; then
    while kill -0 "$pid" 2>/dev/null; do
        printf '\r\033[K-> %s … %.0f s' "$title" "$(echo "$(date +%s.%N) - $start" | bc)"
        sleep 0.25
    done
    printf '\r\033[K'
fi
wait "$pid"
status=$?
seconds=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")

if [ "$status" != 0 ]; then
    echo "-> $title: failed after $seconds s. Its last lines:"
    tail -n 15 "$log" | sed 's/^/   | /'
    echo "!! $title failed: $advice" >&2
    exit 1
fi

case $mode in
uv)
    # uv prints "Installed 14 packages in 1.2s" when it installed some, "Checked 14 packages"
    # when all were there already.
    result=$(sed -nE -e 's/^Installed ([0-9]+) packages? .*/\1 packages installed/p' \
        -e 's/^(Checked|Audited) ([0-9]+) packages? .*/already installed/p' "$log")
    ;;
quiet) result= ;;
*)
    result=$(grep -v '^[[:space:]]*$' "$log" | sed '2,$s/^/   /')
    ;;
esac
echo "-> $title: ${result:-done} ($seconds s)"
