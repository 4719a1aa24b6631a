#!/usr/bin/env bash
# Summarizes a JFR recording's CPU samples: the top frames (self time) and the frames most often on the stack
# (total time). usage: bench/jfr-top.sh FILE.jfr [N]
set -euo pipefail
f=$1; n=${2:-15}
samples=$(mktemp)
jfr print --events jdk.ExecutionSample --stack-depth 64 "$f" >"$samples"
total=$(grep -c 'jdk.ExecutionSample' "$samples" || true)
echo "samples: $total"
echo "-- self (top frame)"
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print}' "$samples" \
  | sort | uniq -c | sort -rn | head -"$n"
echo "-- total (on the stack, dev.switchboard and netty methods)"
awk '/jdk.ExecutionSample/{delete seen} /^[ \t]+(dev\.switchboard|io\.netty)[^ ]*\(/{l=$0; sub(/^[ \t]+/, "", l); sub(/[ \t]+line:.*/, "", l); if (!(l in seen)) {seen[l]=1; print l}}' "$samples" \
  | sort | uniq -c | sort -rn | head -"$n"
rm -f "$samples"
