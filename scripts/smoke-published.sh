#!/usr/bin/env bash
# Issue 19's proof, as a recruiter meets the download: the self-contained linux-x64 single-file build
#   - starts on an empty HOME with no dotnet on PATH, --no-browser, on a free loopback port, and answers /health;
#   - keeps its data in the app-data folder ($HOME/.local/share/Samsara), owner-only;
#   - serves the dashboard and its static assets (CSS, Blazor script) from the published folder;
#   - makes the demo project through the API; its 12 generated CVs are parsed by CV workers that are the app's own
#     executable started with --cv-worker (checked in the process table), and every candidate is enrolled;
#   - every CV is ranked against the job description, semantic stage included (the sentence model loads);
#   - a silent demo candidate goes through SMS, email, the reply window and an AI screening call to a screened state,
#     with a recording and a transcript;
#   - a second start on the same data folder says it is already running and exits 0;
#   - stops on SIGTERM and removes its instance file.
# Usage: scripts/smoke-published.sh [PUBLISHED_BINARY]   (default: runs scripts/publish.sh linux-x64 first)
# Fails (non-zero, with the app's log) at the first step that does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { echo "[smoke $(date -u +%H:%M:%S)] $*"; }
fail() {
  echo "SMOKE TEST FAILED: $*" >&2
  if [ -n "${work:-}" ] && [ -f "$work/app.log" ]; then
    echo "---- last 60 lines of the app's output ----" >&2
    tail -n 60 "$work/app.log" >&2
  fi
  exit 1
}

binary=${1:-}
if [ -z "$binary" ]; then
  started=$(date +%s)
  scripts/publish.sh linux-x64 || fail "scripts/publish.sh linux-x64 did not build"
  log "publish linux-x64 took $(($(date +%s) - started)) s"
  binary="$root/artifacts/publish/linux-x64/Samsara.Web"
fi
[ -x "$binary" ] || fail "no published binary at $binary"
[ -d "$(dirname "$binary")/wwwroot" ] || fail "the published folder has no wwwroot beside the binary"

work=$(mktemp -d /tmp/samsara-smoke.XXXXXX)
home="$work/home"
mkdir -p "$home" "$work/empty-path"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
app_pid=""

cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    sleep 5
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A recruiter's machine: an empty home, no .NET (PATH holds nothing), no configuration in the environment.
# The demo's reply window is 1 minute (the default 2) so the screening call comes sooner.
# exec: the background job's pid is the app's own (its CV workers are its children; SIGTERM reaches it).
run_app() {
  exec env -i HOME="$home" PATH="$work/empty-path" LANG=C.UTF-8 "$binary" --no-browser --urls="$base" \
    --Samsara:Demo:ReplyWindowMinutes=1 "$@"
}

log "start $binary on $base with HOME=$home"
run_app >"$work/app.log" 2>&1 &
app_pid=$!

# /health, within 5 minutes (the first start extracts native libraries and creates the database; slow under load).
deadline=$(($(date +%s) + 300))
until curl -fsS -o /dev/null "$base/health" 2>/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited before answering /health"
  [ "$(date +%s)" -lt "$deadline" ] || fail "no answer on $base/health within 5 minutes"
  sleep 1
done
log "/health answers"

data="$home/.local/share/Samsara"
[ -d "$data" ] || fail "no data folder at $data (the app-data folder)"
[ -f "$data/samsara.instance" ] || fail "no samsara.instance in $data"
mode=$(stat -c %a "$data")
[ "$mode" = 700 ] || fail "the data folder is $mode, not 700"
grep -q "\"url\":\"$base/\"" "$data/samsara.instance" || fail "samsara.instance does not name $base/: $(cat "$data/samsara.instance")"
ls "$data"/*.db >/dev/null 2>&1 || fail "no SQLite database in $data"
log "data folder $data (mode $mode) holds the database and the instance file"

page=$(curl -fsS "$base/") || fail "the dashboard did not answer 200"
grep -q "Try the demo project" <<<"$page" || fail "the empty dashboard does not offer 'Try the demo project'"
css=$(grep -o 'href="[^"]*\.css"' <<<"$page" | head -n 1 | sed 's/^href="//; s/"$//')
[ -n "$css" ] || fail "the dashboard links no stylesheet"
css_bytes=$(curl -fsS "$base/${css#/}" | wc -c) || fail "the stylesheet $css did not answer 200"
[ "$css_bytes" -gt 1000 ] || fail "the stylesheet $css is only $css_bytes bytes"
blazor=$(grep -o 'src="[^"]*blazor\.web[^"]*\.js"' <<<"$page" | head -n 1 | sed 's/^src="//; s/"$//')
[ -n "$blazor" ] || fail "the dashboard loads no Blazor script"
curl -fsS -o /dev/null "$base/${blazor#/}" || fail "the Blazor script $blazor did not answer 200"
log "dashboard, $css ($css_bytes bytes) and $blazor served"

created=$(curl -fsS -X POST "$base/api/v1/demo-project") || fail "POST /api/v1/demo-project failed"
project=$(jq -r .id <<<"$created")
[ -n "$project" ] && [ "$project" != null ] || fail "the demo project's answer has no id: $created"
log "demo project $project created"

# The 12 sample CVs are parsed in worker processes: in a single-file build they are this binary with --cv-worker.
deadline=$(($(date +%s) + 300))
total=0
while :; do
  total=$(curl -fsS "$base/api/v1/projects/$project/outreach?pageSize=50" | jq .total) || fail "the outreach list did not answer"
  [ "$total" = 12 ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited while the demo CVs were importing"
  [ "$(date +%s)" -lt "$deadline" ] || fail "$total of 12 demo candidates imported and enrolled after 5 minutes"
  sleep 2
done
workers=$(ps -o args= --ppid "$app_pid" | grep -c -- '--cv-worker' || true)
[ "$workers" -ge 1 ] || fail "no '$binary --cv-worker' child process: the CVs were not parsed by the app's own worker"
ana=$(curl -fsS "$base/api/v1/projects/$project/outreach?pageSize=50&search=Ana%20Lima" | jq -r '.items[0].phone')
[ "$ana" = "+447700900001" ] || fail "Ana Lima's phone read from her generated PDF CV is '$ana', not +447700900001"
log "12 demo CVs imported by $workers --cv-worker process(es) and enrolled (Ana Lima's phone read as $ana)"

enrolled=$(date +%s)

# A silent demo candidate: SMS, email a minute later, the reply window, then the AI screening call.
deadline=$(($(date +%s) + 420))
while :; do
  calls=$(curl -fsS "$base/api/v1/projects/$project/calls") || fail "the calls list did not answer"
  screened=$(jq -r '[.[] | select(.outcome != null and .status == "Completed")][0].id // empty' <<<"$calls")
  [ -n "$screened" ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited while the demo ran"
  [ "$(date +%s)" -lt "$deadline" ] || fail "no demo candidate screened within 7 minutes; calls: $calls"
  sleep 3
done
call=$(curl -fsS "$base/api/v1/calls/$screened") || fail "GET /api/v1/calls/$screened failed"
state=$(jq -r .candidateState <<<"$call")
case "$state" in
  Screened | Pass | Fail | Scheduling | Rejected) ;;
  *) fail "the screened call's candidate is in state '$state'" ;;
esac
[ "$(jq -r .hasRecording <<<"$call")" = true ] || fail "the screened call has no recording: $call"
recording_bytes=$(curl -fsS "$base/api/v1/calls/$screened/recording" | wc -c)
[ "$recording_bytes" -gt 1000 ] || fail "the recording is only $recording_bytes bytes"
turns=$(curl -fsS "$base/api/v1/calls/$screened/transcript" | jq '.turns | length')
[ "$turns" -gt 0 ] || fail "the screened call has no transcript"
log "$(jq -r .call.candidateName <<<"$call") screened: outcome $(jq -r .call.outcome <<<"$call"), state $state, recording $recording_bytes bytes, transcript $turns turns, $(($(date +%s) - enrolled)) s after enrolment"

# The matching stage ran in the published build too: every CV scored, the sentence model's stage included.
ranking=$(curl -fsS "$base/api/v1/projects/$project/ranking") || fail "the ranking did not answer"
scored=$(jq '[.items[] | select(.score != null and .explanation.semanticReady == true)] | length' <<<"$ranking")
[ "$scored" = 12 ] || fail "$scored of 12 demo CVs have a score with the semantic stage done: $(jq -c '[.items[] | {fullName, score, scoring, note: .explanation.semanticNote}]' <<<"$ranking")"
log "12 CVs ranked against the job description (top: $(jq -r '.items[0] | "\(.fullName) \(.score)"' <<<"$ranking"))"

second=$(timeout 180 env -i HOME="$home" PATH="$work/empty-path" LANG=C.UTF-8 "$binary" --no-browser --urls="$base" 2>&1) \
  || fail "the second start did not exit 0: $second"
grep -q "already running at $base/" <<<"$second" || fail "the second start did not point at the running one: $second"
kill -0 "$app_pid" 2>/dev/null || fail "the first instance died when the second started"
curl -fsS -o /dev/null "$base/health" || fail "the first instance stopped answering after the second start"
log "second start: '$second', exit 0; the first still answers"

kill -TERM "$app_pid"
for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not stop within 60 s of SIGTERM"
wait "$app_pid" || true
app_pid=""
[ ! -f "$data/samsara.instance" ] || fail "samsara.instance left behind after a clean stop"
log "stopped cleanly; smoke test of the published build passed"
