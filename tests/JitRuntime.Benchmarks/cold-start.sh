#!/usr/bin/env bash
# The whole-process figures of docs/performance.md ("jit validate from a cold start"): publishes jit the way its tool package ships
# on this platform (ReadyToRun), then times fresh processes of it against fresh processes that only read the same files.
# Usage: tests/JitRuntime.Benchmarks/cold-start.sh [SIZES...]   (default 2500 5000 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
case "$rid" in linux-x64) r2r=true ;; *) r2r=false ;; esac
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish runtime/JitRuntime.Host -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=$r2r -o "$out/jit" --nologo -v quiet
dotnet build tests/JitRuntime.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project tests/JitRuntime.Benchmarks -- cold "$out/jit/jit" "$PWD" "$@"
