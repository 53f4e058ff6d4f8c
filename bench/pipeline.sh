#!/usr/bin/env bash
# The whole pipeline (docs/PERFORMANCE.md): scripts/pipeline.sh on quickstart's 200,000 messages,
# against ingest followed by the four analysis programs each run on its own (a JVM and a job each);
# then a batch of 10,000 new events into a stored day of S events whose analyses are fresh, against
# the same batch into an empty root, step by step; and each analysis program alone after that batch,
# with the bytes its job read (what grows with the stored day, and what does not). Times are wall
# seconds from GNU time (JVM start included) or, per step, the program's own; bytes are the jobs'
# FILE counters from the programs' JSON summaries.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bench/pipeline.sh [--quick] [--sizes 1000000,3000000,10000000] [--out <dir>]

--quick    stored days of 100,000, 300,000 and 1,000,000 events
--sizes    events of the stored day, one scenario each (default 1M, 3M, 10M)
--out      where the results go (default: bench/results/<time>-pipeline)
USAGE
  exit 2
}

sizes="1000000,3000000,10000000"
out=""
batch=10000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) sizes="100000,300000,1000000"; shift ;;
    --sizes) [[ $# -ge 2 ]] || usage; sizes="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed"
command -v jq >/dev/null || die "jq is needed (it reads the programs' JSON summaries)"
unset HADOOP_OPTS HADOOP_CLIENT_SKIP_UNJAR CHUNKMILL_CONF HADOOP_CONF_DIR
export HADOOP_CLIENT_OPTS=-Xmx1g # the local runner's tasks run in the client: the same heap for every run

ensure_jars false
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${out:-$bench_dir/results/$stamp-pipeline}"
mkdir -p "$out/logs"
out="$(cd "$out" && pwd)"
work="$out/work"
results="$out/results.tsv"
printf 'scenario\tstored_events\tstep\tseconds\tbytes_read\tbytes_written\trecords_in\trecords_out\n' >"$results"
echo "bench: pipeline, results in $out" >&2
mkdir -p "$work"

chunkmill() {
  "$project/scripts/chunkmill" --conf "$conf_dir" "$@"
}

# row SCENARIO STORED STEP SUMMARY: one program's seconds, bytes and records, from its summary.
row() {
  jq -r --arg s "$1" --arg n "$2" --arg step "$3" \
    '[$s, $n, $step, .seconds, ([.jobs[]?.bytes_read] | add // 0), ([.jobs[]?.bytes_written] | add // 0),
      (.records_in // 0), (.records_out // 0)] | @tsv' "$4" >>"$results"
}

# timed SCENARIO STORED STEP COMMAND...: wall time of a command (JVM start included) as a row.
timed() {
  local scenario="$1" stored="$2" step="$3" log="$out/logs/$1-$2-$3.log"
  shift 3
  /usr/bin/time -f '%e' -o "$log.time" "$@" >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "$scenario/$step failed"; }
  printf '%s\t%s\t%s\t%s\t\t\t\t\n' "$scenario" "$stored" "$step" "$(tail -n 1 "$log.time")" >>"$results"
}

# pipeline SCENARIO STORED ROOT INPUT: scripts/pipeline.sh, its wall time and each step's row.
pipeline() {
  local scenario="$1" stored="$2" root="$3" input="$4" logs step
  timed "$scenario" "$stored" "pipeline (wall)" "$project/scripts/pipeline.sh" --output "$root" "$input"
  logs="$(find "$root/_chunkmill/logs" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)"
  for step in ingest compact analyze report; do
    [[ -f "$logs/$step.json" ]] && row "$scenario" "$stored" "$step" "$logs/$step.json"
  done
  printf 'bench: %-28s stored %9s: %s s\n' "$scenario" "$stored" \
    "$(grep -F "pipeline (wall)" "$results" | tail -n 1 | cut -f4)" >&2
}

# analyses ROOT SCENARIO STORED: each analysis program alone, one after the other, with its summary.
analyses() {
  local root="$1" scenario="$2" stored="$3" name
  for program in "count" "topn" "distinct --approx" "distinct" "sessions"; do
    name="${program// /-}"
    # shellcheck disable=SC2086 # the program and its flag
    timed "$scenario" "$stored" "$program (wall)" "$project/scripts/chunkmill" --conf "$conf_dir" $program \
      --summary "$out/logs/$scenario-$stored-$name.json" "$root"
    row "$scenario" "$stored" "$program" "$out/logs/$scenario-$stored-$name.json"
  done
}

# 1. quickstart's data: the pipeline against ingest and the four programs on their own.
chunkmill generate --output "$work/quickstart" --messages 200000 --files 100 --days 3 >"$out/logs/generate-quickstart.log" 2>&1
pipeline quickstart-pipeline 0 "$work/qs-root" "$work/quickstart"
timed quickstart-programs 0 "ingest (wall)" "$project/scripts/chunkmill" --conf "$conf_dir" ingest \
  --output "$work/qs-programs" "$work/quickstart"
for program in count topn distinct sessions; do
  timed quickstart-programs 0 "$program (wall)" "$project/scripts/chunkmill" --conf "$conf_dir" "$program" "$work/qs-programs"
done
rm -rf "$work/qs-root" "$work/qs-programs" "$work/quickstart"

# 2. a batch into a stored day whose analyses are fresh (sketches too).
generate_day() { # DIR MESSAGES FILES SEED: valid, distinct messages (ids m-SEED-j) on 2026-11-01
  chunkmill generate --output "$1" --messages "$2" --files "$3" --seed "$4" --start 2026-11-01 --days 1 \
    --gzip-share 0 --bad-rate 0 --too-long-rate 0 --redelivery-rate 0 --iso-share 0 >"$out/logs/generate-$4-$2.log" 2>&1
}
generate_day "$work/batch" "$batch" 1 2
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  generate_day "$work/day-$size" "$size" $(( (size + 99999) / 100000 )) 1
  stored="$work/stored-$size"
  if ! { "$project/scripts/pipeline.sh" --output "$stored" "$work/day-$size" \
      && chunkmill distinct --approx "$stored"; } >"$out/logs/setup-$size.log" 2>&1; then
    tail -n 20 "$out/logs/setup-$size.log" >&2
    die "setting up the stored day of $size events failed"
  fi
  rm -rf "$stored/_chunkmill/logs"
  rm -rf "$work/empty" "$work/copy"
  pipeline batch-into-empty "$size" "$work/empty" "$work/batch"
  cp -r "$stored" "$work/copy"
  pipeline batch-into-stored "$size" "$work/copy" "$work/batch"
  rm -rf "$work/copy"
  cp -r "$stored" "$work/copy"
  chunkmill ingest --output "$work/copy" "$work/batch" >"$out/logs/ingest-alone-$size.log" 2>&1
  analyses "$work/copy" programs-after-batch "$size"
  rm -rf "$work/copy" "$work/empty" "$stored" "$work/day-$size"
done
rm -rf "$work"

awk -F'\t' '
  NR == 1 { next }
  { key = $1 "\t" $2 "\t" $3; v[key] = $4; r[key] = $5; w[key] = $6; i[key] = $7
    if (!(($1 "\t" $2) in seen)) { seen[$1 "\t" $2] = 1; order[++n] = $1 "\t" $2 }
    steps[$1 "\t" $2] = steps[$1 "\t" $2] "\n" $3 }
  END {
    print "| scenario | stored events | step | seconds | job bytes read | job bytes written | records in |"
    print "|---|---:|---|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
      split(order[k], sc, "\t")
      m = split(substr(steps[order[k]], 2), st, "\n")
      for (j = 1; j <= m; j++) {
        key = order[k] "\t" st[j]
        printf "| %s | %d | %s | %.1f | %s | %s | %s |\n", sc[1], sc[2], st[j], v[key], r[key], w[key], i[key]
      }
    }
  }' "$results" >"$out/results.md"
cat "$out/results.md"
