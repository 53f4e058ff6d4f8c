#!/usr/bin/env bash
# The events store's incremental scenario (docs/PERFORMANCE.md): a stored day of S events, then a
# batch of 10,000 new events for that day, ingested into a copy of the stored root and into an empty
# root; the same batch with 1% of it redeliveries that win over stored events; and a day made of 48
# hourly batches against one ingest of the whole day. Reports wall time (GNU time) and the bytes the
# ingest's job read and wrote (its FILE counters, shuffle and spills included), the probe's sidecar
# bytes and the bytes of stored files rewritten, from the ingest's JSON summary.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bench/incremental.sh [--quick] [--sizes 1000000,3000000,10000000] [--hourly 3000000|0]
                           [--probe-read-bytes N] [--out <dir>]

--quick    stored days of 100,000, 300,000 and 1,000,000 events and a 300,000-event hourly day
--sizes    events of the stored day, one scenario each (default 1M, 3M, 10M)
--hourly   events of the day made of 48 hourly batches (0: skip that scenario; default 3M)
--probe-read-bytes  chunkmill.store.probe.read.bytes of the measured ingests (default: the
           project's, 512 on local files): what a positioned read of a sidecar costs in bytes of a
           sequential read
--out      where the results go (default: bench/results/<time>-incremental)
USAGE
  exit 2
}

sizes="1000000,3000000,10000000"
hourly=3000000
out=""
read_cost=""
batch=10000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) sizes="100000,300000,1000000"; hourly=300000; shift ;;
    --sizes) [[ $# -ge 2 ]] || usage; sizes="$2"; shift 2 ;;
    --hourly) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; hourly="$2"; shift 2 ;;
    --probe-read-bytes) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; read_cost="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed"
command -v jq >/dev/null || die "jq is needed (it reads the programs' JSON summaries)"
unset HADOOP_OPTS HADOOP_CLIENT_OPTS HADOOP_CLIENT_SKIP_UNJAR CHUNKMILL_CONF HADOOP_CONF_DIR

ensure_jars false
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${out:-$bench_dir/results/$stamp-incremental}"
mkdir -p "$out/logs" "$out/jars"
out="$(cd "$out" && pwd)"
cp "$jobs_jar" "$out/jars/"
jobs_jar="$out/jars/$(basename "$jobs_jar")"
work="$out/work"
results="$out/results.tsv"
printf 'scenario\tstored_events\twall_s\tjob_bytes_read\tjob_bytes_written\tsidecar_bytes\tbytes_rewritten\tevents\treplaced\n' >"$results"
echo "bench: incremental scenario, results in $out" >&2

chunkmill() {
  HADOOP_CLIENT_OPTS=-Xmx1g "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" "$@"
}

# generate DIR MESSAGES FILES SEED: a day of valid, distinct messages (ids m-SEED-j) on 2026-11-01.
generate() {
  chunkmill generate --output "$1" --messages "$2" --files "$3" --seed "$4" --start 2026-11-01 --days 1 \
    --gzip-share 0 --bad-rate 0 --too-long-rate 0 --redelivery-rate 0 --iso-share 0 >"$out/logs/generate-$4-$2.log" 2>&1
}

# measure SCENARIO STORED ROOT INPUT: one timed ingest; appends a row.
measure() {
  local scenario="$1" stored="$2" root="$3" input="$4" log="$out/logs/$1-$2.log" summary="$out/logs/$1-$2.json"
  /usr/bin/time -f '%e' -o "$log.time" "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" \
    ingest ${read_cost:+-D chunkmill.store.probe.read.bytes=$read_cost} --summary "$summary" --output "$root" "$input" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "ingest failed: $scenario, stored $stored"; }
  jq -r --arg s "$scenario" --arg n "$stored" --arg w "$(tail -n 1 "$log.time")" \
    '[$s, $n, $w, ([.jobs[].bytes_read] | add), ([.jobs[].bytes_written] | add), (.probe.sidecar_bytes // 0),
      (.bytes_rewritten // 0), .events, (.stored_events_replaced // 0)] | @tsv' "$summary" >>"$results"
  printf 'bench: %-22s stored %9s: %s\n' "$scenario" "$stored" "$(tail -n 1 "$results" | cut -f3-)" >&2
}

mkdir -p "$work"
generate "$work/batch" "$batch" 1 2
# What every ingest reads and writes whatever its input (under the local runner: the job jar and job
# files it localises): one line into an empty root. The table states it; the totals subtract it.
generate "$work/one" 1 1 4
measure per-run-constant 0 "$work/one-root" "$work/one"
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  generate "$work/day-$size" "$size" $(( (size + 99999) / 100000 )) 1
  stored="$work/stored-$size"
  chunkmill ingest --output "$stored" "$work/day-$size" >"$out/logs/setup-$size.log" 2>&1 \
    || { tail -n 20 "$out/logs/setup-$size.log" >&2; die "setting up the stored day of $size events failed"; }
  rm -rf "$work/empty"
  measure batch-into-empty "$size" "$work/empty" "$work/batch"
  rm -rf "$work/copy"
  cp -r "$stored" "$work/copy"
  measure batch-into-stored "$size" "$work/copy" "$work/batch"
  # The same batch with 1% redeliveries of stored messages, each a millisecond earlier: they win.
  rm -rf "$work/redelivered" "$work/copy"
  mkdir -p "$work/redelivered"
  head -n $((batch * 99 / 100)) "$work/batch"/* >"$work/redelivered/new.json"
  cat "$work/day-$size"/* | awk -v n=$((batch / 100)) -v every=$((size / (batch / 100))) '
    NR % every == 1 && k < n { match($0, /"ts":[0-9]+/); ts = substr($0, RSTART + 5, RLENGTH - 5);
      sub(/"ts":[0-9]+/, "\"ts\":" sprintf("%.0f", ts - 1)); print; k++ }' >"$work/redelivered/again.json"
  cp -r "$stored" "$work/copy"
  measure batch-1pct-winning "$size" "$work/copy" "$work/redelivered"
  rm -rf "$work/copy" "$work/empty" "$stored" "$work/day-$size"
done

if [[ "$hourly" -gt 0 ]]; then
  generate "$work/hours" "$hourly" 48 3
  i=0
  for f in "$work/hours"/*; do
    mkdir -p "$work/hour-$i"
    mv "$f" "$work/hour-$i/"
    measure "hourly-batch-$i" "$hourly" "$work/hourly-root" "$work/hour-$i"
    i=$((i + 1))
  done
  mkdir -p "$work/whole"
  mv "$work"/hour-*/* "$work/whole/"
  measure whole-day-at-once "$hourly" "$work/once-root" "$work/whole"
  files="$(find "$work/hourly-root/events" -name 'part-*.avro' | wc -l)"
  /usr/bin/time -f '%e' -o "$out/logs/compact.time" "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" \
    compact --summary "$out/logs/compact.json" "$work/hourly-root" >"$out/logs/compact.log" 2>&1
  echo "compact after 48 hourly batches: $files data files before, $(find "$work/hourly-root/events" -name 'part-*.avro' | wc -l) after, $(cat "$out/logs/compact.time") s" >"$out/compact.txt"
fi
rm -rf "$work"

awk -F'\t' '
  NR == 1 { next }
  $1 == "per-run-constant" { cr = $4; cw = $5 }
  $1 == "batch-into-empty" { empty[$2] = $3; er[$2] = $4; ew[$2] = $5 }
  $1 ~ /^hourly-batch-/ { hw += $3; hr += $4; hwr += $5; hn = $2; next }
  $1 == "whole-day-at-once" { wr = $4; ww = $5 }
  { rows[++n] = $0 }
  END {
    print "| scenario | stored events | wall s | vs empty root | job bytes read | job bytes written | sidecar bytes | stored bytes rewritten | events | replaced |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      split(rows[i], f, "\t")
      ratio = (f[1] != "whole-day-at-once" && empty[f[2]] > 0) ? sprintf("%.2fx", f[3] / empty[f[2]]) : ""
      printf "| %s | %d | %.1f | %s | %.0f | %.0f | %.0f | %.0f | %d | %d |\n", f[1], f[2], f[3], ratio, f[4], f[5], f[6], f[7], f[8], f[9]
    }
    if (hn > 0) printf "| 48 hourly batches (sum) | %d | %.1f | | %.0f | %.0f | | | | |\n", hn, hw, hr, hwr
    if (hn > 0) printf "\nWithout the per-run constant (%.0f bytes read, %.0f written a run): 48 hourly batches read %.0f and wrote %.0f bytes; the whole day at once read %.0f and wrote %.0f.\n", cr, cw, hr - 48 * cr, hwr - 48 * cw, wr - cr, ww - cw
  }' "$results" >"$out/results.md"
[[ -f "$out/compact.txt" ]] && cat "$out/compact.txt" >>"$out/results.md"
cat "$out/results.md"
