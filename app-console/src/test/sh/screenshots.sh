#!/usr/bin/env bash
# Regenerates docs/images/console-*.png: a scratch database filled by the daemon's `demo` run (its data, one run of
# each job, one report of each type), five days of hourly runs of the four daily jobs (some skipped, three rate
# syncs failed) and a bulletin whose EUR and USD rates jumped (the rates raised, the anomalies opened as the sync would
# open them), then the console's --screenshots on it. The database, Redis DB and state are dropped at the end.
# Needs: the built jars (mvn -DskipTests package), PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 6379.
# Usage: app-console/src/test/sh/screenshots.sh [output dir=docs/images]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
OUT=${1:-docs/images}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DB=aliaport_screenshots
REDIS_DB=11
STATE=$(mktemp -d)
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
cleanup() {
    [ -z "${demo:-}" ] || kill "$demo" 2>/dev/null || true
    wait 2>/dev/null || true
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
    redis-cli -n "$REDIS_DB" flushdb >/dev/null || true
    rm -rf "$STATE"
}
trap cleanup EXIT

psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export ALIAPORT_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB ALIAPORT_DB_USER=postgres ALIAPORT_DB_PASSWORD=
export ALIAPORT_REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB ALIAPORT_HOME=$STATE ALIAPORT_HTTP_PORT=0
"$JAVA" -jar app-daemon/target/aliaport-daemon.jar demo > "$STATE/demo.log" 2>&1 &
demo=$!
for _ in $(seq 1 180); do
    done_reports=$(psql_ -d "$DB" -tAc "SELECT count(*) FROM report_tasks WHERE state = 'SUCCESS'" 2>/dev/null || echo 0)
    [ "${done_reports:-0}" -ge 3 ] && break
    sleep 1
done
[ "${done_reports:-0}" -ge 3 ] || { echo "the demo built $done_reports of 3 reports; its log:" >&2; tail -50 "$STATE/demo.log" >&2; exit 1; }
sleep 5
kill -TERM "$demo"; wait "$demo" || true; demo=

psql_ -d "$DB" <<'SQL'
-- Five days of hourly runs of the four daily jobs, on two nodes, ending an hour ago.
INSERT INTO job_runs (job_id, trigger_kind, status, scheduled_at, started_at, finished_at, attempt, node_id,
                      fire_id, parameters, message, error, progress_current, progress_total, heartbeat_at)
SELECT job, 'SCHEDULED', status, due, due + interval '0.2 s', due + duration, 1, node, 'shots-' || h, '{}'::jsonb,
       CASE status WHEN 'SKIPPED' THEN 'another run holds the job'
                   WHEN 'FAILED' THEN 'https://www.tcmb.gov.tr/kurlar/today.xml: no answer within 10 s'
                   ELSE job || ' done' END,
       CASE status WHEN 'FAILED' THEN 'com.aliaport.ops.exchangerate.SourceUnavailableException: '
                                   || 'https://www.tcmb.gov.tr/kurlar/today.xml: no answer within 10 s' END,
       CASE WHEN job = 'audit_archive_daily' AND status = 'SUCCEEDED' THEN 20000 END,
       CASE WHEN job = 'audit_archive_daily' AND status = 'SUCCEEDED' THEN 20000 END,
       due + duration
FROM (SELECT h,
             date_trunc('hour', now()) - make_interval(hours => h) + interval '40 min' AS due,
             (ARRAY['kur_guncelleme_daily', 'report_housekeeping', 'job_history_housekeeping',
                    'audit_archive_daily'])[h % 4 + 1] AS job,
             CASE WHEN h % 4 = 0 THEN 'liman-1' WHEN h % 4 = 1 THEN 'liman-2' WHEN h % 2 = 0 THEN 'liman-1'
                  ELSE 'liman-2' END AS node,
             CASE WHEN h IN (12, 52, 96) THEN 'FAILED' WHEN h % 17 = 6 THEN 'SKIPPED' ELSE 'SUCCEEDED' END AS status,
             make_interval(secs => 5 + (h * 7919 % 350) / 10.0) AS duration
      FROM generate_series(1, 120) AS h) runs
ORDER BY due;

-- The last bulletin's EUR and USD jumped (a bulletin published with wrong figures): the rates raised as stored,
-- the anomalies opened against the bulletin before, as the sync opens them (change per unit, a fraction).
WITH last AS (SELECT max(tarih) AS day FROM kurlar),
     prev AS (SELECT max(tarih) AS day FROM kurlar WHERE tarih < (SELECT day FROM last)),
     raised AS (
         UPDATE kurlar k SET alis = round(alis * j.factor, 4), satis = round(satis * j.factor, 4),
                             efektif_alis = round(efektif_alis * j.factor, 4),
                             efektif_satis = round(efektif_satis * j.factor, 4)
         FROM (VALUES ('EUR', 1.094), ('USD', 1.087)) AS j(code, factor)
         WHERE k.doviz_kodu = j.code AND k.tarih = (SELECT day FROM last)
         RETURNING k.tarih, k.doviz_kodu, k.alis, k.birim)
INSERT INTO kur_anomalies (tarih, doviz_kodu, onceki_tarih, onceki_alis, yeni_alis, degisim_orani, job_run_id)
SELECT r.tarih, r.doviz_kodu, p.tarih, p.alis, r.alis,
       round((r.alis / r.birim) / (p.alis / p.birim) - 1, 6),
       (SELECT max(id) FROM job_runs WHERE job_id = 'kur_guncelleme_daily' AND status = 'SUCCEEDED')
FROM raised r JOIN kurlar p ON p.doviz_kodu = r.doviz_kodu AND p.tarih = (SELECT day FROM prev);
SQL

"$JAVA" -Dglass.platform=Headless -Dprism.order=sw -jar app-console/target/aliaport-console.jar --screenshots "$OUT"
