#!/usr/bin/env bash
# Benchmark (not a test): the cost of Governance.Sdk. Builds two copies of the same 8-project
# solution, one adopting the SDK repository-wide and one without it, warms both up, then times
# `dotnet build` runs of the two interleaved (A B B A ...), so drift in machine load hits both
# alike. Prints each median and the ratio with/without.
#   noop  a no-op build (--no-restore, nothing changed): the inner loop. A third arm builds the
#         adopting copy with GovernanceEnabled=false: it pays for resolving and importing the SDK
#         but runs no governance target, which splits the overhead into those two parts.
#   full  a full first build: bin/ and obj/ deleted, restore and build from scratch (the package
#         cache stays warm, as on a developer machine), with lineage collected for every project
# Usage: bash build/benchmark.sh [rounds] [noop|full]   (defaults: 9 noop)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-9}
mode=${2:-noop}
case "$mode" in noop|full) ;; *) echo "mode must be noop or full" >&2; exit 2 ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

rm -rf "$root/artifacts/packages"   # so the version found below is the one just packed
dotnet pack "$root/src/Governance.Sdk.Tasks" -c Release -tl:off -v:q -nologo >/dev/null
version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)
bench=$root/artifacts/benchmark
rm -rf "$bench"
export NUGET_PACKAGES=$bench/nuget-packages

make_repo() { # make_repo DIR with|without
  local dir=$1 mode=$2 i
  mkdir -p "$dir"
  if [ "$mode" = with ]; then
    printf '{ "msbuild-sdks": { "Governance.Sdk": "%s" } }\n' "$version" >"$dir/global.json"
    printf '<Project>\n  <Import Project="Sdk.props" Sdk="Governance.Sdk" />\n</Project>\n' >"$dir/Directory.Build.props"
    printf '<Project>\n  <Import Project="Sdk.targets" Sdk="Governance.Sdk" />\n</Project>\n' >"$dir/Directory.Build.targets"
  else
    printf '<Project />\n' >"$dir/Directory.Build.props"
    printf '<Project />\n' >"$dir/Directory.Build.targets"
  fi
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' "$root/artifacts/packages" >"$dir/nuget.config"
  (cd "$dir" && dotnet new sln -n Bench --format sln >/dev/null)
  for i in 1 2 3 4 5 6 7 8; do
    mkdir -p "$dir/src/P$i"
    local refs=""
    [ "$i" -gt 1 ] && refs='<ItemGroup><ProjectReference Include="../P1/P1.csproj" /></ItemGroup>'
    printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  %s\n</Project>\n' "$refs" >"$dir/src/P$i/P$i.csproj"
    for f in A B C D E; do
      printf 'namespace P%s;\npublic static class %s { public static int Value() => %d; }\n' "$i" "$f" "$i" >"$dir/src/P$i/$f.cs"
    done
  done
  # Add projects to the solution without evaluating them (the SDK is not resolvable by `dotnet sln`).
  (cd "$dir" && mv Directory.Build.props .props && mv Directory.Build.targets .targets &&
     dotnet sln Bench.sln add src/*/*.csproj >/dev/null && mv .props Directory.Build.props && mv .targets Directory.Build.targets)
  (cd "$dir" && git init -q -b main && git add -A && git -c user.email=b@b -c user.name=b commit -qm bench)
  (cd "$dir" && dotnet build -tl:off -v:q -nologo >/dev/null && dotnet build --no-restore -tl:off -v:q -nologo >/dev/null)
}

time_build() { # time_build DIR [msbuild args] -> milliseconds of one build in $mode
  local dir=$1 start end; shift
  if [ "$mode" = full ]; then rm -rf "$dir"/src/*/bin "$dir"/src/*/obj; fi
  start=$(date +%s%N)
  if [ "$mode" = full ]; then
    (cd "$dir" && dotnet build -tl:off -v:q -nologo "$@" >/dev/null)
  else
    (cd "$dir" && dotnet build --no-restore -tl:off -v:q -nologo "$@" >/dev/null)
  fi
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "Preparing two 8-project solutions (Governance.Sdk $version) and warming them up..."
make_repo "$bench/with" with
make_repo "$bench/without" without

: >"$bench/with.ms"; : >"$bench/without.ms"; : >"$bench/disabled.ms"
for ((r = 1; r <= rounds; r++)); do
  if [ $((r % 2)) -eq 1 ]; then
    time_build "$bench/without" >>"$bench/without.ms"; time_build "$bench/with" >>"$bench/with.ms"
    if [ "$mode" = noop ]; then time_build "$bench/with" -p:GovernanceEnabled=false >>"$bench/disabled.ms"; fi
  else
    if [ "$mode" = noop ]; then time_build "$bench/with" -p:GovernanceEnabled=false >>"$bench/disabled.ms"; fi
    time_build "$bench/with" >>"$bench/with.ms"; time_build "$bench/without" >>"$bench/without.ms"
  fi
done

with=$(median <"$bench/with.ms"); without=$(median <"$bench/without.ms")
echo "$mode dotnet build, 8 projects, $rounds interleaved rounds"
echo "  without Governance.Sdk: median ${without} ms  (runs: $(tr '\n' ' ' <"$bench/without.ms"))"
echo "  with Governance.Sdk:    median ${with} ms  (runs: $(tr '\n' ' ' <"$bench/with.ms"))"
awk -v a="$with" -v b="$without" 'BEGIN { printf "  ratio with/without: %.3f\n", a / b }'
if [ "$mode" = noop ]; then
  disabled=$(median <"$bench/disabled.ms")
  echo "  SDK imported, GovernanceEnabled=false: median ${disabled} ms  (runs: $(tr '\n' ' ' <"$bench/disabled.ms"))"
  awk -v a="$with" -v b="$without" -v d="$disabled" 'BEGIN { printf "  of the overhead: %.0f ms resolving and importing the SDK, %.0f ms governance targets\n", d - b, a - d }'
fi
