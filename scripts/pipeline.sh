#!/usr/bin/env bash
# Ingest, compact the days that need it, then every analysis (one analyze job) for the days the ingest
# changed, then the report; safe to re-run and to run from cron.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"
script_name="pipeline"
# shellcheck source=scripts/lib/steps.sh
source "$here/lib/steps.sh"

usage() {
  cat >&2 <<'USAGE'
usage: scripts/pipeline.sh [--conf <dir>] [--force] [--dry-run] --output <root> [--] <input>...

Ingests the inputs (files, directories, globs) into <root>, compacts the days left with more than
chunkmill.compact.max.files data files, then analyze: count (url, user, hour, day), topn, distinct and
sessions, in one job, for every day whose result is missing or stale (computed from an older version of
its events), and writes <root>/_chunkmill/report.html (report: results, data quality, runs).
  --conf <dir>  Hadoop configuration (default $CHUNKMILL_CONF or conf/local)
  --force       re-read inputs already ingested, and recompute the analyses of the days they hold
  --dry-run     print what would run, run nothing
A second pipeline on the same root refuses to start (exit 3). Exit 0 when everything ran or was
already done; non-zero, naming the failing step, otherwise. Logs: <root>/_chunkmill/logs/<run>/
(or $CHUNKMILL_LOG_DIR for a remote root).
USAGE
  exit 2
}

conf="${CHUNKMILL_CONF:-$project/conf/local}"
force=false
dry_run=false
root=""
inputs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --conf) [[ $# -ge 2 ]] || usage; conf="$2"; shift 2 ;;
    --output) [[ $# -ge 2 ]] || usage; root="$2"; shift 2 ;;
    --force) force=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage ;;
    --) shift; inputs+=("$@"); break ;;
    -*) echo "pipeline: unknown option $1" >&2; usage ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[[ -n "$root" ]] || { echo "pipeline: --output <root> is required" >&2; usage; }
[[ ${#inputs[@]} -gt 0 ]] || { echo "pipeline: at least one input is required" >&2; usage; }

root="$(absolute_root "$root")"
run="$(date -u +%Y%m%dT%H%M%SZ)-$$"
require_jq
take_lock "$root"
init_logs "$root" "$run"

ingest_args=(--clean-staging)
analysis_args=()
if $dry_run; then
  ingest_args=(--dry-run)
  analysis_args=(--dry-run)
fi
$force || ingest_args+=(--skip-ingested)

echo "pipeline: run $run on $root ($(basename "$conf") configuration)"
run_step ingest ingest "${ingest_args[@]}" --output "$root" -- "${inputs[@]}"
accounting_file="$(summary_field "$log_dir/ingest.json" .accounting)"
# Days whose events are now spread over more than chunkmill.compact.max.files data files.
compact_days="$(summary_field "$log_dir/ingest.json" '(.days_to_compact // []) | join(",")')"
if [[ -n "$compact_days" ]] && ! $dry_run; then
  run_step compact compact --days "$compact_days" -- "$root"
fi
if $force && ! $dry_run; then
  # Exactly the days this ingest held events for, recomputed even when fresh.
  days="$(summary_field "$log_dir/ingest.json" '((.days_published // []) + (.days_unchanged // [])) | join(",")')"
  if [[ -n "$days" ]]; then
    analysis_args+=(--force --days "$days")
  fi
fi
run_analyses "${analysis_args[@]}"
$dry_run || run_step report report "$root"
print_results
