#!/usr/bin/env bash
# Benchmark (not a test): `governance promote` of one release holding a 50 MiB package to a folder
# feed, against `dotnet nuget push` of the same .nupkg to the same kind of feed. The package is made
# as a user makes it: a project with a 50 MiB payload, `dotnet build -t:ReleaseGate`, then
# `dotnet pack --no-build`, with Governance.Sdk and the tool packed from this checkout. Each
# promotion starts from an empty store, store cache and feed (what a first promotion to an
# environment does: verify, stage, judge, record the manifest, envelope and package copy in the
# store, publish, append the ledger entries); each push from an empty feed. Interleaved, after a
# warm-up of each; whole processes timed; medians and their ratio printed.
# Usage: bash build/benchmark-promote.sh [runs] [MiB]   (default 9 runs, 50 MiB)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-9}
size=${2:-50}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$root/artifacts/packages"
dotnet pack "$root" -c Release -tl:off -v:q -nologo >/dev/null
version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)
repo=$work/repo
mkdir -p "$repo/src/Bench.Payload"
cd "$repo"
printf '{ "msbuild-sdks": { "Governance.Sdk": "%s" } }\n' "$version" >global.json
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$root/artifacts/packages" >nuget.config
printf '<Project>\n  <Sdk Name="Governance.Sdk" />\n</Project>\n' >Directory.Build.props
cat >governance.json <<'JSON'
{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "environments": [ { "name": "bench", "feed": "feed" } ] }
JSON
cat >src/Bench.Payload/Bench.Payload.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Version>1.0.0</Version></PropertyGroup>
  <ItemGroup><None Include="payload.bin" Pack="true" PackagePath="content/" /></ItemGroup>
</Project>
XML
head -c $((size * 1024 * 1024)) /dev/urandom >src/Bench.Payload/payload.bin
printf 'bin/\nobj/\nartifacts/\nout/\nfeed/\n.governance/\n' >.gitignore
git init -q -b main && git add -A && git -c user.email=b@example.invalid -c user.name=bench commit -qm bench
export NUGET_PACKAGES=$work/nuget-packages DOTNET_CLI_HOME=$work/cli-home
dotnet build src/Bench.Payload -t:ReleaseGate -tl:off -v:q -nologo >"$work/gate.log" || { cat "$work/gate.log"; exit 1; }
dotnet pack src/Bench.Payload -c Debug --no-build -o out -tl:off -v:q -nologo >/dev/null
dotnet new tool-manifest >/dev/null
dotnet tool install Governance.Cli --version "$version" >/dev/null
tool=$(dirname "$(find "$NUGET_PACKAGES/governance.cli" -name governance.dll | head -1)")/governance.dll
nupkg=$repo/out/Bench.Payload.1.0.0.nupkg

now() { date +%s%N; }
promote() {
  rm -rf feed .governance "$work/store-cache"
  local start; start=$(now)
  GOVERNANCE_STORE_CACHE=$work/store-cache dotnet "$tool" promote out/Bench.Payload.1.0.0.bundle.json --to bench >/dev/null
  echo $(( ($(now) - start) / 1000000 ))
  [ -f feed/Bench.Payload.1.0.0.nupkg ] || { echo "promote published nothing" >&2; exit 1; }
}
push() {
  rm -rf "$work/push"; mkdir -p "$work/push"
  local start; start=$(now)
  dotnet nuget push "$nupkg" -s "$work/push" >/dev/null
  echo $(( ($(now) - start) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

promote >/dev/null; push >/dev/null
: >"$work/promote"; : >"$work/pushes"
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then g=$(promote); p=$(push); else p=$(push); g=$(promote); fi
  echo "$g" >>"$work/promote"; echo "$p" >>"$work/pushes"
  echo "run $i: governance promote $g ms, dotnet nuget push $p ms"
done
g=$(median <"$work/promote"); p=$(median <"$work/pushes")
echo "$(basename "$nupkg") $(stat -c %s "$nupkg") bytes, $runs runs, $(nproc) cores, $(dotnet --version) SDK"
echo "median: governance promote $g ms, dotnet nuget push $p ms, ratio $(awk -v a="$g" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
