#!/usr/bin/env bash
# Adopts the Governance.Sdk built from this repository in a real repository, the way
# docs/getting-started.md says, and measures it (a trial, not a test). Two copies of the
# repository are made under $TMPDIR/governance-try/<name>/ (outside this repository, whose
# Directory.Build.* and Directory.Packages.props would apply to them): `with` adopts the SDK repository-wide,
# `without` is left as it is. Then, on `with`: a clean build, the gate, a pack, `governance verify`
# of every bundle; and no-op builds of both copies, interleaved, with the ratio of the medians.
#
# Usage: bash build/try-real-repo.sh <git url or folder> [solution or project] [rounds]
# Extra dotnet arguments for every build (a repository's own needs, e.g. -c Release or
# -p:WarningsNotAsErrors=NU1603 where the machine's feed lacks a pinned version): TRY_BUILD_ARGS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_repo=${1:?usage: bash build/try-real-repo.sh <git url or folder> [solution or project] [rounds]}
entry=()
[ -n "${2:-}" ] && entry=("$2")
rounds=${3:-5}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "rounds must be a positive number, not '$rounds'" >&2; exit 2; }
extra=()
read -r -a extra <<<"${TRY_BUILD_ARGS:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

echo "==> Packing Governance.Sdk and Governance.Cli into artifacts/packages"
rm -rf "$root/artifacts/packages"
dotnet pack "$root" -c Release -tl:off -v:q -nologo >/dev/null
version=$(ls "$root/artifacts/packages" | sed -n 's/^Governance\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)

name=$(basename "${source_repo%.git}")
work=${TMPDIR:-/tmp}/governance-try/$name
rm -rf "$work"
mkdir -p "$work"
export NUGET_PACKAGES=$work/nuget-packages   # the SDK must come from the feed, not a stale cache
for copy in with without; do
  git clone -q "$source_repo" "$work/$copy"
done

echo "==> Adopting Governance.Sdk $version in $work/with"
dotnet tool install Governance.Cli --tool-path "$work/tools" --version "$version" --add-source "$root/artifacts/packages" >/dev/null
python3 - "$work/with" "$version" "$root/artifacts/packages" <<'PY'
import json, os, re, sys
repo, version, feed = sys.argv[1:]

# global.json: pin the SDK (keep everything the repository already pins).
path = os.path.join(repo, "global.json")
def strip_comments(text):
    # global.json may have // and /* */ comments (the .NET SDK allows them); strings are kept.
    return re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', lambda m: m.group(1) or "", text, flags=re.S)
data = json.loads(strip_comments(open(path, encoding="utf-8-sig").read())) if os.path.exists(path) else {}
data.setdefault("msbuild-sdks", {})["Governance.Sdk"] = version
open(path, "w").write(json.dumps(data, indent=2) + "\n")

# Directory.Build.props / .targets: import the SDK first / last, creating the files if needed.
def adopt(file, line, first):
    path = os.path.join(repo, file)
    if not os.path.exists(path):
        open(path, "w").write("<Project>\n" + line + "\n</Project>\n")
        return
    text = open(path, encoding="utf-8-sig").read()
    if first:
        text = re.sub(r"<Project([^>]*)>", lambda m: m.group(0) + "\n" + line, text, count=1)
    else:
        text = text[::-1].replace(">tcejorP/<", (">tcejorP/<\n" + line[::-1]), 1)[::-1]
    open(path, "w").write(text)
adopt("Directory.Build.props", '  <Import Project="Sdk.props" Sdk="Governance.Sdk" />', True)
adopt("Directory.Build.targets", '  <Import Project="Sdk.targets" Sdk="Governance.Sdk" />', False)

# nuget.config: the local feed, and a package source mapping entry when the repository maps
# sources (docs/getting-started.md#1-adopt-the-sdk); a repository without one gets one.
configs = [f for f in os.listdir(repo) if f.lower() == "nuget.config"]
path = os.path.join(repo, configs[0] if configs else "nuget.config")
text = open(path, encoding="utf-8-sig").read() if configs else '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n  </packageSources>\n</configuration>\n'
if re.search(r"<packageSources\s*/>", text):
    text = re.sub(r"<packageSources\s*/>", "<packageSources>\n  </packageSources>", text, count=1)
if "<packageSources>" not in text:
    text = text.replace("</configuration>", "  <packageSources>\n  </packageSources>\n</configuration>", 1)
text = re.sub(r"<packageSources>", '<packageSources>\n    <add key="governance-local" value="%s" />' % feed, text, count=1)
if "<packageSourceMapping>" in text:
    text = text.replace("<packageSourceMapping>", '<packageSourceMapping>\n    <packageSource key="governance-local">\n      <package pattern="Governance.*" />\n    </packageSource>', 1)
open(path, "w").write(text)

# .gitignore: what the gate writes.
with open(os.path.join(repo, ".gitignore"), "a") as ignore:
    ignore.write("\n# Governance.Sdk\nartifacts/governance/\n.governance/\n")
PY
(cd "$work/with" && git add -A && git -c user.email=try@example.invalid -c user.name=try commit -qm "Adopt Governance.Sdk")

build() { # build DIR [args] -> prints elapsed ms; output in DIR.log
  local dir=$1 start end; shift
  start=$(date +%s%N)
  if ! (cd "$dir" && dotnet build ${entry[@]+"${entry[@]}"} -tl:off -nologo ${extra[@]+"${extra[@]}"} "$@" >"$dir.log" 2>&1); then
    echo "FAILED: dotnet build ${entry[*]-} $* in $dir (log: $dir.log)" >&2; tail -20 "$dir.log" >&2; return 1
  fi
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "==> Clean builds"
without_clean=$(build "$work/without")
with_clean=$(build "$work/with")
echo "==> ReleaseGate"
gate_ms=$(build "$work/with" -t:ReleaseGate) || true
{ grep -E "Release gate:|error GOV|warning GOV" "$work/with.log" || true; } | sort | uniq -c | sort -rn | head -20
echo "==> Pack and verify"
(cd "$work/with" && dotnet pack ${entry[@]+"${entry[@]}"} --no-build -o "$work/packages" -tl:off -nologo ${extra[@]+"${extra[@]}"} >"$work/pack.log" 2>&1) || { echo "pack failed: $work/pack.log"; tail -20 "$work/pack.log"; }
verified=0; refused=0
# The trial adds no policy: without one, verify checks checksums and files (--no-policy).
verify_args=(); [ -f "$work/with/governance.json" ] || verify_args=(--no-policy)
for bundle in "$work"/packages/*.bundle.json; do
  [ -e "$bundle" ] || continue
  if (cd "$work/with" && "$work/tools/governance" verify "$bundle" ${verify_args[@]+"${verify_args[@]}"} >"$bundle.verify.log" 2>&1); then verified=$((verified + 1)); else refused=$((refused + 1)); echo "refused: $bundle (log: $bundle.verify.log)"; fi
done
echo "bundles verified: $verified, refused: $refused"

echo "==> No-op builds ($rounds rounds, interleaved)"
a=(); b=()
for ((i = 0; i < rounds; i++)); do
  if ((i % 2 == 0)); then a+=("$(build "$work/without" --no-restore)"); b+=("$(build "$work/with" --no-restore)")
  else b+=("$(build "$work/with" --no-restore)"); a+=("$(build "$work/without" --no-restore)"); fi
done
noop_without=$(printf '%s\n' "${a[@]}" | median)
noop_with=$(printf '%s\n' "${b[@]}" | median)

echo
echo "Repository: $source_repo ($name), entry: ${entry[*]:-(folder default)}"
echo "clean build: without ${without_clean} ms, with ${with_clean} ms, ratio $(awk "BEGIN { printf \"%.2f\", $with_clean / $without_clean }")"
echo "gate: ${gate_ms:-failed} ms"
echo "no-op build: without ${noop_without} ms, with ${noop_with} ms, ratio $(awk "BEGIN { printf \"%.3f\", $noop_with / $noop_without }")  (runs: ${a[*]} | ${b[*]})"
echo "Outputs: $work/with/artifacts/governance/"
