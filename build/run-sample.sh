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

export NUGET_PACKAGES=$work/nuget-packages   # resolve the SDK from the feed, not a stale cache
# The tests, as CI runs them before the gate: the tenant-isolation tests' results (TRX) are what
# the gate's same_tenant check reads (docs/tenant-isolation.md).
echo "==> dotnet test tests/Contoso.Tests --logger trx"
dotnet test tests/Contoso.Tests/Contoso.Tests.csproj --logger "trx;LogFileName=contoso.trx" --results-directory artifacts/test-results -tl:off -nologo -v:q

echo "==> dotnet build -t:ReleaseGate (branch $branch)"
set +e
dotnet build -t:ReleaseGate -tl:off -nologo
status=$?
set -e
echo
cat artifacts/governance/summary.md
echo
echo "Outputs: $work/repo/artifacts/governance/"
if [ "$status" -ne 0 ] || [ "$branch" != main ]; then
  exit $status
fi

# What a release pipeline does next (docs/DEPLOY_RUNBOOK.md): pack, promote through the sample's
# environments (folder feeds in artifacts/feeds/), approve for prod, ship a second release, and roll
# prod back. The tool comes from the repository's tool manifest, as in CI.
export DOTNET_CLI_HOME=$work/cli-home GOVERNANCE_STORE_CACHE=$work/store-cache
dotnet new tool-manifest >/dev/null
dotnet tool install Governance.Cli --version "$version" >/dev/null
governance() { echo "\$ governance $(printf '%q ' "$@")"; dotnet tool run governance -- "$@"; echo; }
release() { # version, output folder
  dotnet pack -c Debug --no-build -o "$2" -tl:off -nologo -v:q -p:Version="$1"
  governance promote "$2"/*.bundle.json --to dev
  governance promote "$2"/*.bundle.json --to staging
  governance approve "$2"/*.bundle.json --env prod --by lead-b --reason "release review"
  governance promote "$2"/*.bundle.json --to prod --by release-bot
}
echo "==> Promoting 1.4.0 dev -> staging -> prod"
release 1.4.0 out/1.4.0
echo "==> A second release, 1.4.1, gated and promoted the same way"
git -c user.email=sample@example.invalid -c user.name=sample commit -qam "1.4.1" --allow-empty
dotnet build -t:ReleaseGate -tl:off -nologo -v:q -p:Version=1.4.1 >/dev/null
release 1.4.1 out/1.4.1
echo "==> 1.4.1 misbehaves in prod: one command back"
governance rollback --env prod --reason "1.4.1 fails in prod" --by release-bot
governance status
echo "==> The same_tenant rollout: where it stands, and the next cohort (docs/tenant-isolation.md)"
governance tenants status
governance tenants plan --size 2
