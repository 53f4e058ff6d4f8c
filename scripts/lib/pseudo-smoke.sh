#!/usr/bin/env bash
# CI smoke test of the pseudo-cluster: a fresh cluster of its own (scripts/pseudo-cluster.sh, data
# in a temporary directory), a small generated dataset put on HDFS, the whole pipeline through
# YARN, its results checked, the cluster stopped again whatever happens. Needs only Java 17 and
# Maven: the jobs jar and Hadoop's jars are built or resolved on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
scripts="$project/scripts"
conf="$project/conf/pseudo"

usage() {
  cat >&2 <<'USAGE'
usage: scripts/lib/pseudo-smoke.sh [--messages N] [--files N] [--keep]

Starts a pseudo-cluster in a temporary directory, generates N messages in N files (default 20000
in 50), puts them on HDFS, runs scripts/pipeline.sh on YARN (its small jobs as uber tasks, as
conf/pseudo lets them) and one count with task containers, checks that the top urls can be read
back and that the ingest accounting balances, and stops the cluster, also on failure. Prints the
start-up and pipeline times. The temporary directory (cluster logs, container logs, pipeline logs)
is deleted on success and kept on failure, or always with --keep.
The cluster uses the ports of conf/pseudo (CHUNKMILL_PSEUDO_*_PORT): a pseudo-cluster already
running on them makes the test fail at start.
USAGE
  exit 2
}

messages=20000
files=50
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) [[ $# -ge 2 ]] || usage; messages="$2"; shift 2 ;;
    --files) [[ $# -ge 2 ]] || usage; files="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage ;;
    *) echo "pseudo-smoke: unknown argument $1" >&2; usage ;;
  esac
done

fail() {
  echo "pseudo-smoke: FAILED: $*" >&2
  exit 1
}

# Seconds since a start taken with `date +%s%N`, one decimal.
seconds_since() {
  awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/chunkmill-pseudo-smoke.XXXXXX")"
# A cluster of its own: pid files, HDFS and logs in the temporary directory, so that stopping it
# never touches a cluster started by someone else.
export CHUNKMILL_PSEUDO_DIR="$tmp/cluster"
export CHUNKMILL_LOG_DIR="$tmp/pipeline-logs"

finish() {
  local rc=$?
  trap - EXIT INT TERM
  echo "pseudo-smoke: stopping the cluster"
  "$scripts/pseudo-cluster.sh" stop || rc=1
  if [[ $rc -eq 0 ]] && ! $keep; then
    rm -rf "$tmp"
  else
    echo "pseudo-smoke: logs kept in $tmp (cluster/logs/, cluster/logs/userlogs/ for containers, pipeline-logs/)" >&2
  fi
  if [[ $rc -eq 0 ]]; then
    echo "pseudo-smoke: OK"
  else
    echo "pseudo-smoke: FAILED (exit $rc)" >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# The data first, on the local job runner: this also builds the jobs jar when it is missing, so
# that the build does not compete with the daemons for the CPU.
echo "pseudo-smoke: generating $messages messages in $files files"
"$scripts/chunkmill" generate --output "$tmp/in" --messages "$messages" --files "$files" ||
  fail "generate"

began="$(date +%s%N)"
"$scripts/pseudo-cluster.sh" start || fail "the cluster did not start"
startup="$(seconds_since "$began")"

# Security: every daemon listens on loopback only. The one exception Hadoop gives no address
# setting for is the NodeManager's shuffle service (ShuffleHandler binds the wildcard address);
# it is excluded by its port, and documented in docs/PSEUDO-CLUSTER.md.
shuffle_port="${CHUNKMILL_PSEUDO_SHUFFLE_PORT:-13562}"
listeners=0
for pid_file in "$CHUNKMILL_PSEUDO_DIR"/pids/*.pid; do
  pid="$(<"$pid_file")"
  while read -r local_address; do
    listeners=$((listeners + 1))
    port="${local_address##*:}"
    case "$local_address" in
      127.0.0.1:*|'[::ffff:127.0.0.1]':*) ;;
      *)
        [[ "$port" == "$shuffle_port" ]] ||
          fail "$(basename "$pid_file" .pid) (pid $pid) listens on $local_address, not on loopback" ;;
    esac
  done < <(ss -ltnpH | awk -v pid="pid=$pid," 'index($0, pid) { print $4 }')
done
[[ $listeners -ge 10 ]] || fail "found only $listeners listening sockets of the daemons: is ss working?"
echo "pseudo-smoke: $listeners listening sockets of the daemons, all on 127.0.0.1 but the shuffle port $shuffle_port"

nn_port="${CHUNKMILL_PSEUDO_NN_PORT:-$(sed -n 's/.*env\.CHUNKMILL_PSEUDO_NN_PORT:-\([0-9]*\)}.*/\1/p' "$conf/core-site.xml" | head -n 1)}"
hdfs="hdfs://127.0.0.1:$nn_port"
root="$hdfs/chunkmill/smoke/root"
input="$hdfs/chunkmill/smoke/in"

"$scripts/hadoop" --conf "$conf" fs -mkdir -p "$hdfs/chunkmill/smoke" || fail "mkdir on HDFS"
"$scripts/hadoop" --conf "$conf" fs -put "$tmp/in" "$input" || fail "put the input on HDFS"

began="$(date +%s%N)"
"$scripts/pipeline.sh" --conf "$conf" --output "$root" "$input" || fail "the pipeline"
pipeline="$(seconds_since "$began")"

echo "pseudo-smoke: checking the results"
# It ran on YARN, not on the local job runner: the steps' summaries name their jobs.
summaries=("$CHUNKMILL_LOG_DIR"/*/*.json)
[[ -e "${summaries[0]}" ]] || fail "the pipeline left no step summaries: $CHUNKMILL_LOG_DIR"
jq -e '.jobs[0].id | test("^job_[0-9]+_")' "$CHUNKMILL_LOG_DIR"/*/ingest.json >/dev/null ||
  fail "the ingest summary names no YARN job (job_local?): $CHUNKMILL_LOG_DIR"
if jq '[.jobs // [] | .[].id | select(startswith("job_local"))] | length > 0' "${summaries[@]}" | grep -q true; then
  fail "a step ran on the local job runner: $CHUNKMILL_LOG_DIR"
fi

# conf/pseudo lets small jobs run as uber tasks (inside their ApplicationMaster); the default input
# is far below the block size and the 9 map tasks an uber task allows...
input_bytes="$(du -sb "$tmp/in" | cut -f1)"
if [[ "$input_bytes" -lt $((64 * 1024 * 1024)) ]]; then
  jq -e '.jobs[0].uber' "$CHUNKMILL_LOG_DIR"/*/ingest.json >/dev/null ||
    fail "the ingest of $input_bytes bytes did not run as an uber task: $CHUNKMILL_LOG_DIR"
fi
# ...so one more job runs with task containers, through the NodeManager's shuffle service.
began="$(date +%s%N)"
"$scripts/chunkmill" --conf "$conf" count -D mapreduce.job.ubertask.enable=false --force --by url \
  --summary "file://$tmp/count-containers.json" "$root" \
  >"$tmp/count-containers.log" 2>&1 || { tail -n 20 "$tmp/count-containers.log" >&2; fail "count with task containers"; }
jq -e '.jobs[0].uber == false' "$tmp/count-containers.json" >/dev/null || fail "count did not run with task containers"
containers="$(seconds_since "$began")"

top="$("$scripts/chunkmill" --conf "$conf" dump --limit 3 "$root/topn")" || fail "dump of $root/topn"
printf '%s\n' "$top" | sed 's/^/  /'
[[ "$(printf '%s\n' "$top" | grep -c '"rank"')" -eq 3 ]] || fail "dump --limit 3 of topn did not print 3 records"

accounting="$("$scripts/hadoop" --conf "$conf" fs -cat "$root/_chunkmill/ingest-*.json")" ||
  fail "no ingest accounting under $root/_chunkmill"
echo "  $accounting"
field() {
  local value
  value="$(printf '%s\n' "$accounting" | jq -r --arg k "$1" '.[$k] // empty')"
  [[ -n "$value" ]] || fail "the accounting has no $1: $accounting"
  printf '%s\n' "$value"
}
lines_read="$(field lines_read)"
events="$(field events)"
sum=0
for class in BLANK TOO_LONG MALFORMED MISSING_FIELD BAD_TIMESTAMP DUPLICATE; do
  count="$(field "$class")"
  sum=$((sum + count))
done
sum=$((sum + events))
[[ "$lines_read" -eq "$sum" ]] ||
  fail "the accounting does not balance: lines_read $lines_read, classes + events $sum"
[[ "$events" -gt 0 ]] || fail "no events"
# Every line of the input counted, read independently of Hadoop.
lines=0
for f in "$tmp/in"/*; do
  case "$f" in
    *.gz) n="$(gzip -dc "$f" | awk 'END { print NR }')" ;;
    *.bz2) n="$(bzip2 -dc "$f" | awk 'END { print NR }')" ;;
    *) n="$(awk 'END { print NR }' "$f")" ;;
  esac
  lines=$((lines + n))
done
[[ "$lines_read" -eq "$lines" ]] || fail "lines_read $lines_read, but the input has $lines lines"

applications="$(jq -s '[.[].jobs // [] | length] | add' "${summaries[@]}")"
echo "pseudo-smoke: cluster start-up ${startup}s, pipeline ${pipeline}s on YARN ($applications applications, uber tasks), count with task containers ${containers}s; accounting balances ($lines_read lines)"
