#!/usr/bin/env bash
# Benchmark (not a test): publishing one 50 MiB package to a folder feed, the governance tool's
# publishing step against `dotnet nuget push` of the same file. build/PublishBenchmark does what
# `governance promote` does to publish a package (read the bundle manifest, copy the package into a
# private staging folder while hashing it, check it against the manifest, publish the staged copy
# without replacing anything, flushed to disk); `dotnet nuget push <nupkg> -s <folder>` copies the
# file onto its final name. Each run gets a fresh, empty feed folder (push needs it to exist); the
# two are interleaved (A B, B A, ...) so load drift hits both, after one warm-up of each with the
# page cache warm. Whole processes are timed, and the benchmark also prints its in-process time,
# so the difference is process start-up. This measures the publishing step only; the full
# `governance promote` command (gate report, ledger, canary) comes later.
# Usage: bash build/benchmark-publish.sh [runs] [MiB]   (default 9 runs, 50 MiB)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-9}
size=${2:-50}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/build/PublishBenchmark" -c Release -tl:off -v:q -nologo >/dev/null
bench="$root/build/PublishBenchmark/bin/Release/net10.0/PublishBenchmark.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nupkg=$(dotnet "$bench" prepare "$work/out" "$size")
bundle="$work/out/Bench.Payload.1.0.0.bundle.json"

now() { date +%s%N; }
ours() {   # prints "<whole process ms> <in-process ms>"
  local feed="$work/feed-$1"; mkdir -p "$feed"
  local start inner; start=$(now)
  inner=$(dotnet "$bench" publish "$bundle" "$feed")
  echo "$(( ($(now) - start) / 1000000 )) $inner"
  rm -rf "$feed"
}
push() {   # prints "<whole process ms>"
  local feed="$work/push-$1"; mkdir -p "$feed"
  local start; start=$(now)
  dotnet nuget push "$nupkg" -s "$feed" >/dev/null
  [ -f "$feed/$(basename "$nupkg")" ] || { echo "dotnet nuget push wrote nothing" >&2; exit 1; }
  echo $(( ($(now) - start) / 1000000 ))
  rm -rf "$feed"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ours warm >/dev/null; push warm >/dev/null
: >"$work/ours"; : >"$work/inner"; : >"$work/push"
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    read -r whole inner < <(ours "$i"); p=$(push "$i")
  else
    p=$(push "$i"); read -r whole inner < <(ours "$i")
  fi
  echo "$whole" >>"$work/ours"; echo "$inner" >>"$work/inner"; echo "$p" >>"$work/push"
  echo "run $i: governance publish $whole ms (in process $inner ms), dotnet nuget push $p ms"
done

o=$(median <"$work/ours"); n=$(median <"$work/inner"); p=$(median <"$work/push")
echo "$(basename "$nupkg") $(stat -c %s "$nupkg") bytes, $runs runs, $(nproc) cores, $(dotnet --version) SDK"
echo "median: governance publish $o ms (in process $n ms), dotnet nuget push $p ms, ratio $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
