#!/usr/bin/env bash
# Benchmark (not a test): hashing throughput of bundle verification against the tools a CI
# script would otherwise use. Makes about 1 GiB of files of mixed sizes (one 512 MiB, six 64 MiB,
# 64 of 1 MiB, 4096 of 16 KiB), writes a bundle manifest for them, and times, best of N runs each
# with the files in the page cache:
#   openssl dgst -sha256 over every file (SHA-NI: the practical limit on one core)
#   sha256sum over every file (coreutils, what a CI script would use)
#   governance verify <manifest>, the whole process: start, read the manifest, hash and compare
#     (it hashes on every core), and the same pinned to one core with taskset, which shows the
#     hashing itself is as efficient as openssl's, not just spread over more cores
# Usage: bash build/benchmark-hash.sh [runs]   (default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/src/Governance.Cli" -c Release -tl:off -v:q -nologo >/dev/null
cli="$root/src/Governance.Cli/bin/Release/net10.0/governance.dll"
bench=$root/artifacts/benchmark-hash
rm -rf "$bench"; mkdir -p "$bench/bundle/Bench.1.0.0.files"
cd "$bench/bundle"

make_files() { # make_files COUNT SIZE_KIB PREFIX
  local i
  for ((i = 0; i < $1; i++)); do head -c "$(($2 * 1024))" /dev/urandom >"Bench.1.0.0.files/$3-$i.bin"; done
}
echo "Making about 1 GiB of files..."
# The package is a real one (verify reads its .nuspec): a stored zip with the nuspec and 512 MiB of random content.
python3 - <<'PY'
import os, zipfile
with zipfile.ZipFile("Bench.1.0.0.nupkg", "w", zipfile.ZIP_STORED, allowZip64=True) as package:
    package.writestr("Bench.nuspec", '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>Bench</id><version>1.0.0</version><authors>bench</authors><description>bench</description></metadata></package>\n')
    with package.open("content/random.bin", "w", force_zip64=True) as entry:
        for _ in range(512):
            entry.write(os.urandom(1 << 20))
PY
make_files 6 65536 large
make_files 64 1024 medium
make_files 4096 16 small
total=$(find . -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
count=$(find . -type f | wc -l)

# The manifest, from sha256sum's digests (its format is checked by verify, so this cannot drift).
{
  printf '{ "schemaVersion": "1", "name": "Bench", "version": "1.0.0", "files": [\n'
  find . -type f | sed 's|^\./||' | sort | while read -r f; do
    printf '%s{ "path": "%s", "size": %s, "sha256": "%s" }\n' "${sep:-}" "$f" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
    sep=","
  done
  printf '], "metadata": { "branch": "", "commit": "", "repository": "", "buildId": "" }, "lineage": [], "gateReport": null }\n'
} >../Bench.1.0.0.bundle.json.tmp
mv ../Bench.1.0.0.bundle.json.tmp Bench.1.0.0.bundle.json

best() { # best CMD... -> best wall time in ms over $runs runs
  local b=999999999 r s e
  for ((r = 0; r < runs; r++)); do
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    b=$(( (e - s) / 1000000 < b ? (e - s) / 1000000 : b ))
  done
  echo "$b"
}
files() { find . -type f ! -name '*.bundle.json' -print0; }
openssl_all() { files | xargs -0 openssl dgst -sha256; }
sha256sum_all() { files | xargs -0 sha256sum; }
verify() { dotnet "$cli" verify Bench.1.0.0.bundle.json --no-policy; }
verify_one_core() { taskset -c 0 dotnet "$cli" verify Bench.1.0.0.bundle.json --no-policy; }

verify >/dev/null || { echo "governance verify refused the benchmark bundle" >&2; exit 1; }
files | xargs -0 cat >/dev/null   # page cache warm for everyone
o=$(best openssl_all); s=$(best sha256sum_all); g=$(best verify); g1=$(best verify_one_core); n=$(best dotnet "$cli" --version)
echo "$count files, $total bytes, best of $runs runs (page cache warm)"
awk -v t="$total" -v o="$o" -v s="$s" -v g="$g" -v g1="$g1" -v n="$n" 'BEGIN {
  printf "  openssl dgst -sha256:   %6d ms  %.2f GB/s\n", o, t / o / 1e6
  printf "  sha256sum:              %6d ms  %.2f GB/s\n", s, t / s / 1e6
  printf "  governance verify:      %6d ms  %.2f GB/s  (%.0f%% of openssl; process start alone: %d ms)\n", g, t / g / 1e6, 100 * o / g, n
  printf "  ... on one core:        %6d ms  %.2f GB/s  (%.0f%% of openssl)\n", g1, t / g1 / 1e6, 100 * o / g1
}'
