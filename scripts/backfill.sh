#!/usr/bin/env bash
# Recomputes the analyses of a date range (optionally re-reading raw input first).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"
script_name="backfill"
# shellcheck source=scripts/lib/steps.sh
source "$here/lib/steps.sh"

usage() {
  cat >&2 <<'USAGE'
usage: scripts/backfill.sh [--conf <dir>] [--force] [--dry-run] --output <root>
                           --from YYYY-MM-DD --to YYYY-MM-DD [--reingest <input>...]

Runs analyze (count, topn, distinct and sessions in one job) for the days from..to that are missing or stale (all of
them with --force); days outside the range are untouched. With --reingest, the inputs are
ingested first, even if they were ingested before (ingest may add events to any day: days outside
the range then become stale, for the next pipeline or backfill to recompute).
Exit codes and logs as for pipeline.sh; a run already holding the root's lock makes this one exit 3.
USAGE
  exit 2
}

conf="${CHUNKMILL_CONF:-$project/conf/local}"
force=false
dry_run=false
root=""
from=""
to=""
inputs=()
reingest=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --conf) [[ $# -ge 2 ]] || usage; conf="$2"; shift 2 ;;
    --output) [[ $# -ge 2 ]] || usage; root="$2"; shift 2 ;;
    --from) [[ $# -ge 2 ]] || usage; from="$2"; shift 2 ;;
    --to) [[ $# -ge 2 ]] || usage; to="$2"; shift 2 ;;
    --force) force=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    --reingest) reingest=true; shift; [[ "${1:-}" == -- ]] && shift; inputs+=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "backfill: unknown argument $1" >&2; usage ;;
  esac
done
[[ -n "$root" && -n "$from" && -n "$to" ]] || { echo "backfill: --output, --from and --to are required" >&2; usage; }
date_re='^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
[[ "$from" =~ $date_re && "$to" =~ $date_re ]] || { echo "backfill: dates are YYYY-MM-DD" >&2; usage; }
if $reingest && [[ ${#inputs[@]} -eq 0 ]]; then
  echo "backfill: --reingest needs at least one input" >&2
  usage
fi

root="$(absolute_root "$root")"
run="$(date -u +%Y%m%dT%H%M%SZ)-$$"
require_jq
take_lock "$root"
init_logs "$root" "$run"

analysis_args=(--from "$from" --to "$to")
$force && analysis_args+=(--force)
if $dry_run; then
  analysis_args+=(--dry-run)
else
  analysis_args+=(--clean-staging)
fi

echo "backfill: run $run on $root, $from to $to ($(basename "$conf") configuration)"
if $reingest; then
  ingest_args=()
  $dry_run && ingest_args+=(--dry-run)
  run_step ingest ingest "${ingest_args[@]}" --output "$root" -- "${inputs[@]}"
  accounting_file="$(summary_field "$log_dir/ingest.json" .accounting)"
fi
run_analyses "${analysis_args[@]}"
print_results
