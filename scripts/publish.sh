#!/usr/bin/env bash
# Self-contained single-file builds of Samsara for a recruiter's machine:
#   scripts/publish.sh [RID...]        (default: linux-x64 win-x64 osx-arm64)
# Output: artifacts/publish/<rid>/ — the executable Samsara.Web[.exe] (the app, its .NET runtime and its CV parser
# worker in one file: it runs itself with --cv-worker), appsettings.json, wwwroot/ and the static-asset manifest.
# Ship the folder (zip it); the executable finds the rest beside itself wherever it is started from.
# A RID whose runtime packs cannot be restored (from nuget.org or the configured mirror) is reported and skipped; the
# script fails only if no RID could be built.
# Analyzers and code-style checks are off here (RunAnalyzers=false): `dotnet build` in ./test.sh enforces them, and
# they are a large share of a publish's compile time.
# SAMSARA_PUBLISH_NO_RESTORE=1 skips the restore (./test.sh restores first, then publishes while the tests run, so that
# nothing rewrites the restore files under a running test).
set -uo pipefail
cd "$(dirname "$0")/.."
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 win-x64 osx-arm64)
out=artifacts/publish
built=()
missing=()
restore=()
[ "${SAMSARA_PUBLISH_NO_RESTORE:-}" = 1 ] && restore=(--no-restore)
for rid in "${rids[@]}"; do
  echo "==> publish $rid"
  started=$(date +%s)
  rm -rf "${out:?}/$rid"
  if dotnet publish src/Samsara.Web/Samsara.Web.csproj -c Release -r "$rid" --self-contained true \
       -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
       -p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false \
       "${restore[@]}" -o "$out/$rid" --nologo -v quiet; then
    # Build by-products that are not part of the app: API docs, the worker's own runtimeconfig (the single-file app is
    # the worker) and, on Windows, ONNX Runtime's import libraries (for linking, not running).
    rm -f "$out/$rid"/*.xml "$out/$rid"/Samsara.CvWorker.* "$out/$rid"/*.lib
    echo "    $rid built in $(($(date +%s) - started)) s"
    built+=("$rid")
  else
    echo "!! $rid could not be built (are its runtime packs on the NuGet feed?)" >&2
    missing+=("$rid")
  fi
done
echo "built: ${built[*]:-none}${missing:+; not built: ${missing[*]}}"
[ ${#built[@]} -gt 0 ]
