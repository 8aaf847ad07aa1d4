#!/usr/bin/env bash
# Runs every Samsara test on this machine: installs what is missing (apt: chromium, postgresql,
# fonts-dejavu-core, fonts-droid-fallback, fonts-nanum, poppler-utils, nodejs/npm, espeak-ng, ffmpeg; scripts/test-env/mail.sh installs postfix and dovecot),
# starts a throw-away PostgreSQL on a loopback port, checks formatting, builds, and runs the unit,
# integration (SQLite and PostgreSQL) and browser tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
run="$root/.test-run"
mkdir -p "$run"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# The generated CV corpus embeds DejaVu so accented names survive the PDF round trip.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# Client package PDFs embed DejaVu plus CJK fallbacks (Droid Sans Fallback: Chinese/Japanese; Nanum Gothic: Korean);
# the client package tests render PDF pages with pdftoppm (poppler-utils).
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need_apt+=(fonts-droid-fallback)
[ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || need_apt+=(fonts-nanum)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# SVG logos are rasterised by SkiaSharp, whose Linux library links fontconfig.
ldconfig -p 2>/dev/null | grep -q 'libfontconfig\.so\.1' || need_apt+=(libfontconfig1)
# Recording upload tests speak a line with espeak-ng and encode it with ffmpeg (MP3, M4A, OGG/Opus); ffprobe checks lengths.
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
# The provider SDK conformance suite (tests/contracts/sdk) runs the providers' own Node SDKs;
# the Chrome extension (extension/) is built with npm and its browser tests load the build.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

cleanup() {
  for script in "$root"/scripts/test-env/*.sh; do
    "$script" stop "$run/$(basename "$script" .sh)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# Each script in scripts/test-env starts one real server and writes its address to DIR/env.
for script in "$root"/scripts/test-env/*.sh; do
  name=$(basename "$script" .sh)
  echo "==> starting $name"
  "$script" start "$run/$name"
  set -a
  # shellcheck disable=SC1090
  . "$run/$name/env"
  set +a
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export SAMSARA_SCREENSHOTS="$run/screenshots"

echo "==> extension: npm ci, unit tests, build (extension/dist, loaded by the browser tests)"
(cd "$root/extension" && npm ci --no-audit --no-fund --loglevel=error && npm test --silent && npm run build --silent)

echo "==> dotnet restore"
dotnet restore Samsara.sln --nologo -v quiet

echo "==> dotnet format --verify-no-changes"
dotnet format Samsara.sln --verify-no-changes --no-restore

echo "==> dotnet build (warnings are errors: Directory.Build.props)"
dotnet build Samsara.sln -c Release --nologo -v quiet

# Three jobs run beside the .NET tests, each with its own log, reported after the tests:
# - the published build (issue 19): a linux-x64 self-contained single-file publish (at a lower priority), then its smoke
#   test (start on an empty HOME with no dotnet on PATH, demo project to a screened candidate, second start, clean stop;
#   mostly waiting on the demo's clock);
# - the provider SDK conformance suite: the providers' official SDKs (pinned in package-lock.json) against the sandbox
#   host built above.
# The publish's restore runs first, in the foreground, so nothing rewrites restore files under a running test.
echo "==> linux-x64 publish: restore; publish + smoke test and SDK conformance run in the background beside the tests"
dotnet restore src/Samsara.Web/Samsara.Web.csproj -r linux-x64 -p:SelfContained=true -p:PublishSingleFile=true --nologo -v quiet
(
  if SAMSARA_PUBLISH_NO_RESTORE=1 nice -n 10 scripts/publish.sh linux-x64; then
    scripts/smoke-published.sh "$root/artifacts/publish/linux-x64/Samsara.Web"
  else
    echo "scripts/publish.sh linux-x64 failed"
    exit 1
  fi
) >"$run/smoke.log" 2>&1 &
smoke_pid=$!
(
  cd tests/contracts/sdk && npm ci --no-audit --no-fund --loglevel=error && \
    SAMSARA_SANDBOX_DLL="$root/src/Samsara.Sandbox.Host/bin/Release/net10.0/Samsara.Sandbox.Host.dll" npm test
) >"$run/sdk.log" 2>&1 &
sdk_pid=$!

echo "==> dotnet test"
status=0
dotnet test --solution Samsara.sln -c Release --no-build --results-directory "$run/results" --report-xunit-trx || status=$?
if [ $status -ne 0 ]; then
  echo "Tests failed. Browser screenshots of failed tests, if any: $SAMSARA_SCREENSHOTS"
fi

echo "==> provider SDK conformance (tests/contracts/sdk)"
sdk_status=0
wait "$sdk_pid" || sdk_status=$?
cat "$run/sdk.log"
if [ $sdk_status -ne 0 ]; then
  echo "Provider SDK conformance failed."
  status=$sdk_status
fi

echo "==> published build: publish and smoke test (scripts/publish.sh, scripts/smoke-published.sh)"
smoke_status=0
wait "$smoke_pid" || smoke_status=$?
cat "$run/smoke.log"
if [ $smoke_status -ne 0 ]; then
  echo "Published build smoke test failed."
  status=$smoke_status
fi
exit $status
