#!/usr/bin/env bash
# Benchmark (not a test): what the evidence package (release-evidence.zip) costs a ReleaseGate run.
# Makes an N-project solution adopting Governance.Sdk (packed from this checkout), builds it once,
# then runs the gate over the built solution (GovernanceGateNoBuild, so only the gate is timed)
# R times. Each run prints, at detailed verbosity, how long writing the package took inside the
# task and its size; the script reports the median whole-process gate time, the median time spent
# writing the package, their ratio (target: under 5%), and the package's size.
# Usage: bash build/benchmark-evidence.sh [projects] [runs]   (defaults: 100 projects, 7 runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
projects=${1:-100}
runs=${2:-7}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

rm -rf "$root/artifacts/packages"
dotnet pack "$root/src/Governance.Sdk.Tasks" -c Release -tl:off -v:q -nologo >/dev/null
version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)
work=$root/artifacts/benchmark-evidence
rm -rf "$work"; mkdir -p "$work/repo/src"
export NUGET_PACKAGES=$work/nuget-packages
cd "$work/repo"
printf '{ "msbuild-sdks": { "Governance.Sdk": "%s" } }\n' "$version" >global.json
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><add key="local" value="%s" /></packageSources></configuration>\n' "$root/artifacts/packages" >nuget.config
printf '{ "policyVersion": "1", "gate": { "blockingBranches": ["main"] } }\n' >governance.json
dotnet new sln -n Bench --format sln >/dev/null
for i in $(seq 1 "$projects"); do
  mkdir -p "src/P$i"
  refs=""; [ "$i" -gt 1 ] && refs='<ItemGroup><ProjectReference Include="../P1/P1.csproj" /></ItemGroup>'
  printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Version>1.0.%s</Version></PropertyGroup>\n  %s\n</Project>\n' "$i" "$refs" >"src/P$i/P$i.csproj"
  for f in A B C; do printf 'namespace P%s;\npublic static class %s { public static int Value() => %d; }\n' "$i" "$f" "$i" >"src/P$i/$f.cs"; done
done
dotnet sln Bench.sln add src/*/*.csproj >/dev/null
printf '<Project>\n  <Sdk Name="Governance.Sdk" />\n</Project>\n' >Directory.Build.props
printf 'bin/\nobj/\nartifacts/\n' >.gitignore
git init -q -b main && git add -A && git -c user.email=b@example.invalid -c user.name=bench commit -qm bench
echo "Building the $projects-project solution once..."
dotnet build Bench.sln -tl:off -v:q -nologo >/dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: >"$work/gate.ms"; : >"$work/evidence.ms"
for r in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  dotnet build Bench.sln -t:ReleaseGate -p:GovernanceGateNoBuild=true --no-restore -tl:off -v:d -nologo >"$work/gate.log" || { grep -E "error" "$work/gate.log" | head; exit 1; }
  end=$(date +%s%N)
  whole=$(((end - start) / 1000000))
  line=$(grep -o "Evidence package .*written in [0-9]* ms" "$work/gate.log" | tail -1)
  ms=$(echo "$line" | sed -n 's/.*written in \([0-9]*\) ms/\1/p')
  echo "$whole" >>"$work/gate.ms"; echo "$ms" >>"$work/evidence.ms"
  echo "run $r: gate $whole ms, of which the evidence package $ms ms ($line)"
done
g=$(median <"$work/gate.ms"); e=$(median <"$work/evidence.ms")
size=$(stat -c %s artifacts/governance/release-evidence.zip)
echo "$projects projects, $runs runs, $(nproc) cores, $(dotnet --version) SDK"
echo "median: gate $g ms, evidence package $e ms ($(awk -v a="$e" -v b="$g" 'BEGIN { printf "%.1f", 100 * a / b }')%), package $size bytes"
