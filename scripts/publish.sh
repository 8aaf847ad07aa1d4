#!/usr/bin/env bash
# Self-contained single-file builds of Samsara for a recruiter's machine:
#   scripts/publish.sh [RID...]        (default: linux-x64 win-x64 osx-arm64)
# Output: artifacts/publish/<rid>/Samsara.Web[.exe] plus its wwwroot. A RID whose runtime packs
# cannot be restored (from nuget.org or the configured mirror) is reported and skipped; the script
# fails only if no RID could be built.
set -uo pipefail
cd "$(dirname "$0")/.."
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 win-x64 osx-arm64)
out=artifacts/publish
built=()
missing=()
for rid in "${rids[@]}"; do
  echo "==> publish $rid"
  if dotnet publish src/Samsara.Web/Samsara.Web.csproj -c Release -r "$rid" --self-contained true \
       -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
       -o "$out/$rid" --nologo -v quiet; then
    built+=("$rid")
  else
    echo "!! $rid could not be built (are its runtime packs on the NuGet feed?)" >&2
    missing+=("$rid")
  fi
done
echo "built: ${built[*]:-none}${missing:+; not built: ${missing[*]}}"
[ ${#built[@]} -gt 0 ]
