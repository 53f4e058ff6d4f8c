#!/usr/bin/env bash
# Profiles chunkmill's ingest and count --by url with Java Flight Recorder on a benchmark data set
# and prints what dominates: CPU samples per thread, per package and per method (self and total),
# GC pauses. The recordings stay beside the summary for `jfr print` / JDK Mission Control.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bench/profile.sh [--quick] [--dataset a|b|b-bz2] [--heap 512m] [--top N] [--build] [--out <dir>]

Runs `scripts/chunkmill ingest` then `count --by url` on the data set (the same data as
bench/run.sh; --quick: a tenth of it) with
  HADOOP_CLIENT_OPTS="-Xmx<heap> -XX:StartFlightRecording=filename=<out>/<step>.jfr,settings=profile"
and summarizes each recording with io.chunkmill.bench.JfrTopFrames into <out>/<step>-top.txt.
Default output: bench/results/profile-<time>-<dataset>.
USAGE
  exit 2
}

quick=false
dataset=a
heap=512m
top=30
build=false
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --dataset) [[ $# -ge 2 ]] || usage; dataset="$2"; shift 2 ;;
    --heap) [[ $# -ge 2 ]] || usage; heap="$2"; shift 2 ;;
    --top) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; top="$2"; shift 2 ;;
    --build) build=true; shift ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "profile: unknown argument: $1" >&2; usage ;;
  esac
done
case "$dataset" in
  a|b|b-bz2) ;;
  *) echo "profile: unknown data set '$dataset'" >&2; usage ;;
esac
unset HADOOP_OPTS HADOOP_CLIENT_OPTS HADOOP_CLIENT_SKIP_UNJAR CHUNKMILL_CONF HADOOP_CONF_DIR

ensure_jars "$build"
ensure_dataset "$dataset" "$quick"
suffix=""
[[ "$quick" == true ]] && suffix="-quick"
out="${out:-$bench_dir/results/profile-$(date -u +%Y%m%dT%H%M%SZ)-$dataset$suffix}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
root="$out/root"
rm -rf "$root"
classpath="$bench_jar:$(hadoop_classpath)"

for step in ingest count; do
  if [[ "$step" == ingest ]]; then
    args=(ingest --output "$root" "$ds_dir")
  else
    args=(count --by url "$root")
  fi
  echo "profile: $step on $ds_dir ($ds_messages messages, $ds_files files)" >&2
  started="$(date +%H:%M:%S.%N)"
  jfr="-XX:StartFlightRecording=filename=$out/$step.jfr,settings=profile"
  HADOOP_CLIENT_OPTS="-Xmx$heap $jfr -Dlog4j.configuration=file:$bench_dir/log4j-timeline.properties" \
    /usr/bin/time -f "$step: %e s wall, %U s user, %S s sys, %M KiB peak RSS" -o "$out/$step-time.txt" \
    "$project/scripts/chunkmill" --conf "$conf_dir" "${args[@]}" >"$out/$step.log" 2>&1 \
    || { tail -n 20 "$out/$step.log" >&2; die "$step failed (log: $out/$step.log)"; }
  cat "$out/$step-time.txt" >&2
  # The timeline: when the process started, then each phase the log names, in seconds from the start.
  {
    echo "-- $step timeline (seconds since the process started; log: $out/$step.log)"
    grep -E 'Running job|Submitting tokens|number of splits|Starting task|Finishing task|Finished spill|map 100%|completed successfully|^ingest:|^count:' \
      "$out/$step.log" | awk -v t0="$started" '
        BEGIN { split(t0, b, /[:.]/); s0 = b[1] * 3600 + b[2] * 60 + b[3] + ("0." b[4]) }
        /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9],[0-9]+ / {
          split($1, a, /[:,]/); $1 = sprintf("%7.2f", a[1] * 3600 + a[2] * 60 + a[3] + a[4] / 1000 - s0); print; next }
        { print "       " $0 }'
  } >"$out/$step-timeline.txt"
  java -cp "$classpath" io.chunkmill.bench.JfrTopFrames --top "$top" "$out/$step.jfr" >"$out/$step-top.txt"
done
rm -rf "$root"
cat "$out/ingest-time.txt" "$out/count-time.txt" "$out/ingest-timeline.txt" "$out/count-timeline.txt" \
  "$out/ingest-top.txt" "$out/count-top.txt"
echo "profile: recordings and summaries in $out" >&2
