#!/usr/bin/env bash
# Runs the release gate end to end on the bundled sample (samples/Contoso): packs Governance.Sdk
# from source, copies the sample into artifacts/sample/ as a fresh git repository that takes the
# SDK from the local feed, captures the evidence a CI job would, and runs
# `dotnet build -t:ReleaseGate`. Prints the gate's summary. Usage: bash build/run-sample.sh [branch]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
branch=${1:-main}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

echo "==> Packing Governance.Sdk and Governance.Cli into artifacts/packages"
rm -rf "$root/artifacts/packages"   # so the version found below is the one just packed
dotnet pack "$root" -c Release -tl:off -v:q -nologo

work=$root/artifacts/sample
rm -rf "$work"
mkdir -p "$work"
cp -R "$root/samples/Contoso/." "$work/repo"
cd "$work/repo"

version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)
cat >global.json <<JSON
{ "msbuild-sdks": { "Governance.Sdk": "$version" } }
JSON
cat >nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="governance-local" value="$root/artifacts/packages" />
  </packageSources>
</configuration>
XML

# What a CI job does before the gate: capture the branch's rules (GitHub's "get rules for a
# branch" response; docs/checks.md shows the `gh api` step), stamped with the capture time. The
# sample has no GitHub repository, so it writes the response a protected main branch returns.
mkdir -p evidence
cat >evidence/branch-protection.json <<JSON
{
  "capturedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "branch": "main",
  "rules": [
    { "type": "deletion" },
    { "type": "non_fast_forward" },
    { "type": "pull_request", "parameters": { "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": true } },
    { "type": "required_status_checks", "parameters": { "required_status_checks": [ { "context": "release-gate" } ] } }
  ]
}
JSON

git init -q -b "$branch"
git add -A
git -c user.email=sample@example.invalid -c user.name=sample commit -qm "sample"

echo "==> dotnet build -t:ReleaseGate (branch $branch)"
export NUGET_PACKAGES=$work/nuget-packages   # resolve the SDK from the feed, not a stale cache
set +e
dotnet build -t:ReleaseGate -tl:off -nologo
status=$?
set -e
echo
cat artifacts/governance/summary.md
echo
echo "Outputs: $work/repo/artifacts/governance/"
exit $status
