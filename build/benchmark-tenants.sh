#!/usr/bin/env bash
# Benchmark (not a test): what the tenant-isolation check (docs/tenant-isolation.md) adds to a
# ReleaseGate run on 2,000 capabilities and 20,000 TRX results. Target: under 1 s.
# Makes a repository adopting Governance.Sdk (packed from this checkout) with one library, and a
# generated xUnit project of 200 classes x 100 [Fact]s, each naming a capability (2,000 of them,
# 10 results each) and an isolation scenario in its traits; runs it once with the TRX logger, so the
# TRX and the test assembly the gate reads traits from are real. Writes capabilities.json (cohorts
# 1-4 required and mostly enforced, some exempt with valid exemptions, cohort 5 enforced but not
# required yet with one failing test each, the rest pending; a few capabilities list `tests`
# globs) and two policies that differ only in `tenantIsolation`. Then times R interleaved gate runs
# (`-t:ReleaseGate -p:GovernanceGateNoBuild=true`, whole processes) with each policy copied into
# place, and reports the medians, their difference, the gate task's own time (MSBuild's
# performance summary), and the sizes of tenant-isolation-matrix.json and release-evidence.zip.
# Usage: bash build/benchmark-tenants.sh [runs]   (default 7)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
offline=${GOVERNANCE_TESTS_PACKAGE_FOLDER:-/opt/nuget/packages}   # xunit 2.9.3, xunit.runner.visualstudio 3.1.5, Microsoft.NET.Test.Sdk 18.0.1
classes=200 methods=100 capabilities=2000
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

rm -rf "$root/artifacts/packages"   # so the version found below is the one just packed
dotnet pack "$root/src/Governance.Sdk.Tasks" -c Release -tl:off -v:q -nologo >/dev/null
version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)
work=$root/artifacts/benchmark-tenants
rm -rf "$work"; mkdir -p "$work/repo/src/Lib" "$work/repo/tests/Bench.Tests"
# The store's heads are remembered per machine; the benchmark's store is new every time, so its memory is too.
export NUGET_PACKAGES=$work/nuget-packages GOVERNANCE_STORE_CACHE=$work/store-cache
cd "$work/repo"
printf '{ "msbuild-sdks": { "Governance.Sdk": "%s" } }\n' "$version" >global.json
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /><add key="local" value="%s" /><add key="offline" value="%s" /></packageSources></configuration>\n' \
  "$root/artifacts/packages" "$offline" >nuget.config
printf '<Project>\n  <Sdk Name="Governance.Sdk" />\n</Project>\n' >Directory.Build.props
printf '<Project />\n' >Directory.Packages.props   # stand alone: not this checkout's central package versions
printf 'bin/\nobj/\nartifacts/\n' >.gitignore
printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Version>1.0.0</Version></PropertyGroup>\n</Project>\n' >src/Lib/Lib.csproj
printf 'namespace Lib;\npublic static class Orders { public static int Count() => 42; }\n' >src/Lib/Orders.cs

# The test project only produces the TRX and the assembly the gate reads traits from; the gate
# runs on the library, so the tests are kept out of governance (their own Directory.Build.props).
printf '<Project />\n' >tests/Directory.Build.props
cat >tests/Bench.Tests/Bench.Tests.csproj <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsPackable>false</IsPackable><IsTestProject>true</IsTestProject></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
  </ItemGroup>
</Project>
EOF
# Test i = class * methods + method names capability i % 2000 (10 results each) and scenario
# (i / 2000) % 3, so every capability has all three scenarios. The first result of each cohort-5
# capability (1600-1799) fails: 200 failures (1%), none in a required cohort.
awk -v classes="$classes" -v methods="$methods" -v caps="$capabilities" 'BEGIN {
  split("cross-tenant-read cross-tenant-write listing-leak", scenario, " ")
  for (c = 0; c < classes; c++) {
    file = sprintf("tests/Bench.Tests/Isolation%03d.cs", c)
    printf "using Xunit;\n\nnamespace Bench.Tests;\n\npublic class Isolation%03d\n{\n", c >file
    for (m = 0; m < methods; m++) {
      i = c * methods + m; cap = i % caps; round = int(i / caps)
      body = (cap >= 1600 && cap < 1800 && round == 0) ? "Assert.True(false, \"tenant B read tenant A'\''s data\");" : "Assert.True(true);"
      printf "    [Fact]\n    [Trait(\"Capability\", \"cap.%d\")]\n    [Trait(\"Isolation\", \"%s\")]\n    public void Case_%02d() { %s }\n\n", cap, scenario[round % 3 + 1], m, body >file
    }
    printf "}\n" >file
    close(file)
  }
}'

# The registry: risk, channel and owner vary; cohorts 1-4 (1,600) are required, enforced except
# every 50th (exempt, valid exemption), every 10th requires two scenarios; cohort 5 (200) is
# enforced, not yet required; the last 200 are pending, without a cohort. Every 200th capability
# also lists a `tests` glob (ten methods of one class).
# A valid exemption expires within exceptionMaxDays (90 by default) of the gate's clock.
expires=$(date -u -d '+60 days' +%Y-%m-%dT00:00:00Z)
awk -v caps="$capabilities" -v expires="$expires" 'BEGIN {
  split("high medium low", risk, " "); split("public partner internal", channel, " ")
  print "{\n  \"capabilities\": ["
  for (n = 0; n < caps; n++) {
    line = sprintf("    { \"id\": \"cap.%d\", \"owner\": \"team-%d\", \"channel\": \"%s\", \"risk\": \"%s\"", n, n % 40, channel[int(n / 3) % 3 + 1], risk[n % 3 + 1])
    if (n < 1600) {
      line = line sprintf(", \"cohort\": %d", n % 4 + 1)
      if (n % 50 == 7) line = line ", \"sameTenant\": \"exempt\", \"exemption\": { \"reason\": \"Shared reference data, the same for every tenant.\", \"approvedBy\": \"security-lead\", \"expires\": \"" expires "\" }"
      else line = line ", \"sameTenant\": \"enforced\""
      if (n % 10 == 0) line = line ", \"scenarios\": [\"cross-tenant-read\", \"listing-leak\"]"
    } else if (n < 1800) line = line ", \"cohort\": 5, \"sameTenant\": \"enforced\""
    else line = line ", \"sameTenant\": \"pending\""
    if (n % 200 == 3) line = line sprintf(", \"tests\": [\"Bench.Tests.Isolation%03d.Case_1?\"]", n % 200 + int(n / 200))
    printf "%s }%s\n", line, (n < caps - 1 ? "," : "")
  }
  print "  ]\n}"
}' >capabilities.json

common='"policyVersion": "1", "gate": { "blockingBranches": ["main"] }, "metrics": ["artifacts/test-results/*.trx"]'
printf '{ %s,\n  "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1, 2, 3, 4], "minCoverage": 0 } }\n' "$common" >"$work/governance.with.json"
printf '{ %s }\n' "$common" >"$work/governance.without.json"
cp "$work/governance.with.json" governance.json
git init -q -b main && git add -A && git -c user.email=b@example.invalid -c user.name=bench commit -qm bench

echo "Building the library and the $((classes * methods))-test project, running the tests once (TRX logger)..."
dotnet build src/Lib -tl:off -v:q -nologo >/dev/null
test_start=$(date +%s)
dotnet test tests/Bench.Tests --logger "trx;LogFileName=bench.trx" --results-directory artifacts/test-results -tl:off -v:q -nologo >"$work/test.log" 2>&1 || true
trx=artifacts/test-results/bench.trx
[ -f "$trx" ] || { tail -20 "$work/test.log"; echo "no TRX written" >&2; exit 1; }
counters=$(grep -o '<Counters [^>]*>' "$trx")
results=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p'); failed=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
echo "dotnet test: $results results ($failed failed) in $(($(date +%s) - test_start)) s; TRX $(stat -c %s "$trx") bytes"

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
gate() { # gate with|without -> appends whole-process and task milliseconds, keeps the sizes of the last run
  local arm=$1 start end whole task
  cp "$work/governance.$arm.json" governance.json
  start=$(date +%s%N)
  dotnet build src/Lib -t:ReleaseGate -p:GovernanceGateNoBuild=true --no-restore -tl:off -v:m -clp:PerformanceSummary -nologo >"$work/gate.$arm.log" \
    || { grep -E "error" "$work/gate.$arm.log" | head >&2; exit 1; }
  end=$(date +%s%N)
  whole=$(((end - start) / 1000000))
  task=$(sed -n 's/^ *\([0-9]*\) ms  EvaluateReleaseGate .*/\1/p' "$work/gate.$arm.log" | tail -1)
  echo "$whole" >>"$work/$arm.ms"; echo "${task:-0}" >>"$work/$arm.task.ms"
  stat -c %s artifacts/governance/release-evidence.zip >"$work/$arm.package"
  if [ "$arm" = with ]; then
    stat -c %s artifacts/governance/tenant-isolation-matrix.json >"$work/matrix"
    grep -o "Tenant-isolation coverage is [^.]*\." artifacts/governance/release_readiness_gate_report.json | head -1 >"$work/coverage" || true
  fi
  echo "$whole $task"
}

echo "Warming up (one gate run of each)..."
gate with >/dev/null; gate without >/dev/null
cat "$work/coverage"
: >"$work/with.ms"; : >"$work/without.ms"; : >"$work/with.task.ms"; : >"$work/without.task.ms"
for r in $(seq 1 "$runs"); do
  if [ $((r % 2)) -eq 1 ]; then b=$(gate without); a=$(gate with); else a=$(gate with); b=$(gate without); fi
  echo "run $r: gate without tenantIsolation ${b% *} ms (task ${b#* } ms), with ${a% *} ms (task ${a#* } ms)"
done
wo=$(median <"$work/without.ms"); wi=$(median <"$work/with.ms")
two=$(median <"$work/without.task.ms"); twi=$(median <"$work/with.task.ms")
echo "$capabilities capabilities, $results TRX results ($failed failed), $runs runs, $(nproc) cores, $(dotnet --version) SDK, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median gate: without tenantIsolation $wo ms, with $wi ms, difference $(awk -v a="$wi" -v b="$wo" 'BEGIN { print a - b }') ms (target < 1000 ms)"
echo "median EvaluateReleaseGate task: without $two ms, with $twi ms, difference $(awk -v a="$twi" -v b="$two" 'BEGIN { print a - b }') ms"
echo "tenant-isolation-matrix.json $(cat "$work/matrix") bytes; release-evidence.zip with $(cat "$work/with.package") bytes, without $(cat "$work/without.package") bytes"
