#!/usr/bin/env bash
# Benchmark (not a test): the release store backends on this machine: a directory, git: over a
# bare repository on this disk (git's own cost, no network), and azblob: against Azurite, the
# Azure Storage emulator. Installs azurite into artifacts/azurite/ with npm when it is not there yet (as
# the tests' AzuriteFixture does), starts its blob service in memory on a free loopback port, runs
# build/StoreBenchmark (record write and read, stream append, reading a 1,000-entry stream, 1 and 8
# processes appending to one stream), prints a table, and stops the emulator.
# The numbers are the emulator's on this machine (one Node process, loopback): they show the
# store's own cost in requests and CPU, not Azure's latency, which adds a round trip (typically
# 5-30 ms within a region) to every request.
# Usage: bash build/benchmark-store.sh [directory|git|azblob|all] [contention]   (default all; contention: only the 1- and 8-process rows)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
[ "$#" -gt 0 ] && shift
version=3.35.0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/build/StoreBenchmark" -c Release -tl:off -v:q -nologo >/dev/null
bench="$root/build/StoreBenchmark/bin/Release/net10.0/StoreBenchmark.dll"
for backend in directory git; do
  if [ "$which" = all ] || [ "$which" = "$backend" ]; then
    echo "$backend store, $(nproc) cores, $(dotnet --version) SDK, git $(git --version | cut -d' ' -f3)"
    dotnet "$bench" "$backend" "$@"
  fi
done
[ "$which" = all ] || [ "$which" = azblob ] || exit 0

azurite=$root/artifacts/azurite
if [ "$(node -p "try { require('$azurite/node_modules/azurite/package.json').version } catch { '' }")" != "$version" ]; then
  mkdir -p "$azurite"
  npm install --prefix "$azurite" "azurite@$version" --no-audit --no-fund >/dev/null
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
node "$azurite/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" \
  --skipApiVersionCheck --disableTelemetry --inMemoryPersistence --silent >/dev/null 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

endpoint=http://127.0.0.1:$port/devstoreaccount1
# The emulator's well-known account key (published by Microsoft, the same everywhere): not a secret.
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
echo "azblob store on Azurite $version, $(nproc) cores, $(dotnet --version) SDK"
AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$endpoint;" \
  dotnet "$bench" azblob "$endpoint" "$@"
