#!/usr/bin/env bash
# Renders the dashboard's queries in Prometheus's own graph UI (headless Chromium) against a live demo daemon,
# into docs/images/monitoring-*.png. Needs: Debian prometheus and chromium; the daemon jar built.
# Usage: installer/monitoring/screenshot.sh [seconds of data to collect=90]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
collect=${1:-90}
work=$(mktemp -d)
daemon_port=18181 prom_port=19090
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 2; rm -rf "$work"' EXIT

ALIAPORT_HOME="$work/home" ALIAPORT_HTTP_PORT=$daemon_port ALIAPORT_DIAGNOSTIC_JOBS=true \
  ALIAPORT_DIAG_TICK_CRON='0/5 * * * * ?' ALIAPORT_DIAG_FAIL_CRON='0/30 * * * * ?' ALIAPORT_JOB_RETRIES=1 \
  ALIAPORT_JOB_RETRY_BACKOFF_SECONDS=5 \
  "$JAVA" -jar app-daemon/target/aliaport-daemon.jar demo > "$work/demo.out" 2> "$work/demo.err" &
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$daemon_port/api/scheduler/health" >/dev/null && break; sleep 1; done

cat > "$work/prometheus.yml" <<YML
global: {scrape_interval: 2s, evaluation_interval: 2s}
rule_files: ["$PWD/installer/monitoring/prometheus/aliaport-alerts.yml"]
scrape_configs:
  - job_name: aliaport
    static_configs: [{targets: ['127.0.0.1:$daemon_port']}]
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:$prom_port > "$work/prom.log" 2>&1 &
sleep "$collect"

shot() { # name, then expressions
  local name=$1; shift
  local url="http://127.0.0.1:$prom_port/graph?" i=0
  for expr in "$@"; do
    url+="g$i.expr=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$expr")&g$i.tab=0&g$i.range_input=5m&"
    i=$((i+1))
  done
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chrome" --hide-scrollbars \
    --window-size=1400,$((260 + 420 * $#)) --virtual-time-budget=15000 \
    --screenshot="docs/images/monitoring-$name.png" "$url" 2>/dev/null
  echo "docs/images/monitoring-$name.png"
}
shot scheduler \
  'sum by (job_name) (increase(scheduler_job_executions_total{status=~"success|skipped"}[5m])) / sum by (job_name) (increase(scheduler_job_executions_total[5m]))' \
  'sum by (job_name) (increase(scheduler_job_retries_total[5m]))'
shot kur-reports 'kur_sync_rate_count' 'report_task_total'
