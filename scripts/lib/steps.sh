# shellcheck shell=bash
# What pipeline.sh and backfill.sh share: the root's lock, log files, and running a step with a
# one-line summary. Sourced, not run; the caller sets script_name, here, project, conf and root.
# shellcheck disable=SC2154

# Logs and lock files are the owner's only, like the outputs (chunkmill.output.umask).
umask "${CHUNKMILL_UMASK:-077}"

# Whether a root is on the local file system (no scheme, or file:).
is_local_root() {
  [[ "$1" != *:* || "$1" == file:* ]]
}

# The local path of a local root.
local_path() {
  local p="${1#file:}"
  [[ "$p" == //* ]] && p="${p#//}"
  printf '%s\n' "$p"
}

# Sets log_dir: <root>/_chunkmill/logs/<run>/ for a local root, else a local directory.
init_logs() {
  local root="$1" run="$2"
  if [[ "${dry_run:-false}" == true ]]; then
    log_dir="$(mktemp -d "${TMPDIR:-/tmp}/chunkmill-dry-run.XXXXXX")"
  elif is_local_root "$root"; then
    log_dir="$(local_path "$root")/_chunkmill/logs/$run"
  else
    log_dir="${CHUNKMILL_LOG_DIR:-$project/logs}/$run"
  fi
  mkdir -p -- "$log_dir"
}

# A local root made absolute, so that no later command can take it for an option; others as given.
absolute_root() {
  local r="$1"
  if is_local_root "$r" && [[ "$r" != file:* && "$r" != /* ]]; then
    r="$PWD/$r"
  fi
  printf '%s\n' "$r"
}

# Takes the root's lock for this process, or exits 3 saying who holds it. The lock is an flock on
# a local file named after the root: the kernel releases it when the holder dies, however it dies,
# so a crashed or killed run never leaves it stuck.
take_lock() {
  local root="$1" key lock_dir lock_file holder
  lock_dir="${CHUNKMILL_LOCK_DIR:-${TMPDIR:-/tmp}/chunkmill-locks-$(id -u)}"
  mkdir -p -- "$lock_dir"
  key="$(printf '%s' "$root" | sha256sum | cut -c1-16)"
  lock_file="$lock_dir/$key.lock"
  exec 9<>"$lock_file"
  if ! flock -n 9; then
    holder="$(cat "$lock_file" 2>/dev/null || true)"
    echo "$script_name: another run holds the lock on $root (${holder:-unknown holder}); try again when it has finished" >&2
    exit 3
  fi
  printf 'pid %s on %s since %s\n' "$$" "$(hostname)" "$(date -u +%FT%TZ)" >"$lock_file"
}

# The pid of the step running now, for the signal handler.
step_pid=""
on_signal() {
  if [[ -n "$step_pid" ]]; then
    kill -TERM "$step_pid" 2>/dev/null || true
    wait "$step_pid" 2>/dev/null || true
  fi
  echo "$script_name: interrupted; published results are complete, run the same command again to finish" >&2
  exit 130
}
trap on_signal INT TERM

# run_step <name> <program> [args...]: runs a chunkmill program, its output in <log_dir>/<name>.log
# and its JSON summary in <log_dir>/<name>.json, and prints one summary line read from the JSON.
# Exits non-zero, naming the step, when it fails.
run_step() {
  local name="$1" program="$2"; shift 2
  local log="$log_dir/$name.log" summary="$log_dir/$name.json" start end rc=0 status in out
  start="$(date +%s%N)"
  rm -f -- "$summary"
  "$here/chunkmill" --conf "$conf" "$program" --summary "$(summary_uri "$summary")" "$@" >"$log" 2>&1 &
  step_pid=$!
  [[ -t 1 ]] && show_progress "$name" "$log" "$step_pid" "$start"
  wait "$step_pid" || rc=$?
  step_pid=""
  end="$(date +%s%N)"
  local secs
  secs="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
  if [[ $rc -ne 0 ]]; then
    printf '%-10s FAILED  %6ss  exit %s, log: %s\n' "$name" "$secs" "$rc" "$log"
    echo "$script_name: step '$name' failed (exit $rc); last lines of $log:" >&2
    tail -n 15 -- "$log" >&2
    exit 1
  fi
  status="$(summary_field "$summary" .status)"
  if [[ "$status" == planned ]]; then
    printf '%-10s planned\n' "$name"
    grep -E "^$program: " "$log" | sed 's/^/    /'
    return 0
  fi
  in="$(summary_field "$summary" .records_in)"
  out="$(summary_field "$summary" .records_out)"
  case "$status" in
    skipped|nothing_to_compute) status=skipped ;;
    ran) ;;
    *) echo "$script_name: step '$name' wrote no usable summary ($summary)" >&2; exit 1 ;;
  esac
  printf '%-10s %-8s %6ss  in %-10s out %s\n' "$name" "$status" "$secs" "${in:--}" "${out:--}"
}

# show_progress NAME LOG PID START: while the step runs, one line that Hadoop's job progress in its
# log and the time so far keep rewriting; for a terminal only (logs and cron mail get the step lines).
show_progress() {
  local name="$1" log="$2" pid="$3" start="$4" progress
  while kill -0 "$pid" 2>/dev/null; do
    progress="$(grep -o -E 'map [0-9]+% reduce [0-9]+%' "$log" 2>/dev/null | tail -n 1 || true)"
    printf '\r%-10s running %6ss  %s\033[K' "$name" \
      "$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.0f", (b - a) / 1e9 }')" "$progress"
    sleep 0.5
  done
  printf '\r\033[K'
}

# The summary file as a URI of the local file system, whatever the configured default file system.
summary_uri() {
  printf 'file://%s\n' "$(cd "$(dirname -- "$1")" && pwd)/$(basename -- "$1")"
}

# summary_field <file> <jq path>: one field of a program's JSON summary ("" when absent or null).
summary_field() {
  jq -r "$2 // empty" -- "$1"
}

# Requires jq, which reads the programs' JSON summaries.
require_jq() {
  if ! command -v jq >/dev/null 2>&1; then
    echo "$script_name: jq is required (it reads the programs' JSON summaries): install it, e.g. apt-get install jq" >&2
    exit 2
  fi
}

# Runs every analysis over the root with the given extra arguments.
run_analyses() {
  run_step analyze analyze "$@" "$root"
}

# Prints where the results are and, for a local root, the newest ingest accounting.
print_results() {
  echo "results under $root: events/ quarantine/ counts/{url,user,hour,day}/ topn/ distinct/ sessions/ (dt=YYYY-MM-DD/ each)"
  echo "logs in $log_dir"
  if [[ -f "$log_dir/report.json" ]]; then
    echo "report: $(summary_field "$log_dir/report.json" .report)"
  fi
  if [[ -n "${accounting_file:-}" ]]; then
    echo "ingest accounting ($accounting_file):"
    if is_local_root "$accounting_file"; then
      jq -c '{lines_read, BLANK, TOO_LONG, MALFORMED, MISSING_FIELD, BAD_TIMESTAMP, DUPLICATE, events, corrupt_files}' \
        -- "$(local_path "$accounting_file")" | sed 's/^/  /'
    fi
  fi
}
