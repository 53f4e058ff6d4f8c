#!/usr/bin/env bash
# Benchmarks chunkmill (ingest + count --by url, local mode) against Hadoop's TextInputFormat and
# CombineTextInputFormat doing the same work, DuckDB and Spark SQL (local[*]) doing it in SQL, a
# plain Java floor and an I/O floor, on the same generated data; checks that every contender counts
# the same; writes a table, JSON, Markdown and an SVG chart under bench/results/. See
# docs/PERFORMANCE.md.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bench/run.sh [--quick] [--runs N] [--datasets a,b,b-bz2]
                    [--contenders chunkmill,combine-text-input-format,text-input-format,duckdb,spark,plain-java-floor,newline-count-floor]
                    [--without duckdb,spark] [--heap 512m] [--text-heap 2g] [--floor-heap 4g] [--peer-heap 4g]
                    [--build] [--out <dir>]

Data sets (generated once under bench/results/data/, then reused):
  a      many small files: 1,000,000 messages in 10,000 files (--quick: 100,000 in 1,000)
  b      few large files: 10,000,000 messages in 10 plain files (--quick: 1,000,000)
  b-bz2  the same as bzip2 files (--quick: 1,000,000)

--quick        a tenth of each data set, 1 run (default: full size, 3 runs)
--runs N       rounds per data set; the report quotes medians
--datasets     which data sets (default: all three)
--contenders   which contenders (default: all; the report's ratios need chunkmill)
--without      contenders to leave out (e.g. duckdb,spark: the peers are a build of their own,
               bench/peers/, made on first use; without this a peer that does not build fails the bench)
--heap         heap of chunkmill and the Hadoop contenders (HADOOP_CLIENT_OPTS=-Xmx...): the local
               job runner runs every task in the client JVM, so this is the task heap (default 512m)
--text-heap    heap of the TextInputFormat contender (default 2g): the local runner builds a JobConf
               for every map task up front, and 10,000 files (a map task each) do not fit in 512m
               (OutOfMemoryError in LocalJobRunner$Job.getMapTaskRunnables); more heap only helps it
--floor-heap   heap of the plain Java floor, which holds every id (default 4g)
--peer-heap    heap of the DuckDB and Spark processes (default 4g; DuckDB's own memory is outside it)
--build        rebuild the jobs and bench jars and the peers first (default: build only what is missing)
--out <dir>    where the results go (default: bench/results/<time>-<quick|full>)

Exit status: 0 when every contender ran (or said it cannot read a data set: DuckDB and bzip2) and the
url counts agree; 1 otherwise; 2 bad arguments. The url counts are compared with the url "x" set
aside: the generator's bad lines that the peers' SQL cannot refuse as the contract does all carry it.
USAGE
  exit 2
}

quick=false
runs=""
datasets="a,b,b-bz2"
contenders="newline-count-floor,plain-java-floor,chunkmill,combine-text-input-format,text-input-format,duckdb,spark"
without=""
peer_heap=4g
heap=512m
text_heap=2g
floor_heap=4g
build=false
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; runs="$2"; shift 2 ;;
    --datasets) [[ $# -ge 2 ]] || usage; datasets="$2"; shift 2 ;;
    --contenders) [[ $# -ge 2 ]] || usage; contenders="$2"; shift 2 ;;
    --without) [[ $# -ge 2 ]] || usage; without="$2"; shift 2 ;;
    --peer-heap) [[ $# -ge 2 ]] || usage; peer_heap="$2"; shift 2 ;;
    --heap) [[ $# -ge 2 ]] || usage; heap="$2"; shift 2 ;;
    --text-heap) [[ $# -ge 2 ]] || usage; text_heap="$2"; shift 2 ;;
    --floor-heap) [[ $# -ge 2 ]] || usage; floor_heap="$2"; shift 2 ;;
    --build) build=true; shift ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done
mode=$([[ "$quick" == true ]] && echo quick || echo full)
if [[ -z "$runs" ]]; then
  runs=$([[ "$quick" == true ]] && echo 1 || echo 3)
fi
IFS=, read -r -a dataset_list <<<"$datasets"
IFS=, read -r -a contender_list <<<"$contenders"
IFS=, read -r -a without_list <<<"$without"
kept=()
for c in "${contender_list[@]}"; do
  skip=false
  for w in "${without_list[@]}"; do
    [[ "$c" == "$w" ]] && skip=true
  done
  [[ "$skip" == true ]] || kept+=("$c")
done
contender_list=("${kept[@]}")
for d in "${dataset_list[@]}"; do
  case "$d" in
    a|b|b-bz2) ;;
    *) echo "bench: unknown data set '$d'" >&2; usage ;;
  esac
done
for c in "${contender_list[@]}"; do
  case "$c" in
    chunkmill|text-input-format|combine-text-input-format|plain-java-floor|newline-count-floor|duckdb|spark) ;;
    *) echo "bench: unknown contender '$c'" >&2; usage ;;
  esac
done
peers=false
for c in "${contender_list[@]}"; do
  [[ "$c" == duckdb || "$c" == spark ]] && peers=true
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed to measure CPU time and peak RSS"

# What the environment might carry would change only some contenders' JVMs: start clean.
unset HADOOP_OPTS HADOOP_CLIENT_OPTS HADOOP_CLIENT_SKIP_UNJAR CHUNKMILL_CONF HADOOP_CONF_DIR

ensure_jars "$build"
if [[ "$peers" == true ]]; then
  ensure_peers "$build"
fi
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${out:-$bench_dir/results/$stamp-$mode}"
mkdir -p "$out/logs" "$out/jars"
out="$(cd "$out" && pwd)"
# Copies of the jars, taken now: the tree is shared, and a rebuild in the middle of a run would
# otherwise mix versions (or break a run that starts while the jar is being written).
cp "$jobs_jar" "$bench_jar" "$out/jars/"
jobs_jar_built="$(date -u -r "$jobs_jar" +%Y-%m-%dT%H:%M:%SZ)"
jobs_jar="$out/jars/$(basename "$jobs_jar")"
bench_jar="$out/jars/$(basename "$bench_jar")"
work="$out/work"
measurements="$out/measurements.tsv"
datasets_tsv="$out/datasets.tsv"
printf 'dataset\tcontender\trun\texit\twall_s\tuser_s\tsys_s\tmax_rss_kb\n' >"$measurements"
printf 'dataset\tkind\tmessages\tfiles\tbytes\tdescription\n' >"$datasets_tsv"
classification="$out/classification.tsv"
printf 'dataset\tcontender\trun\tlines_read\tBLANK\tquarantined\tDUPLICATE\tevents\n' >"$classification"
classpath="$bench_jar:$(hadoop_classpath)"
started_all=$SECONDS
generation_s=0
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: $mode mode, $runs run(s) per data set, results in $out" >&2
echo "bench: load average before: $load_before (the machine is shared: quote ratios)" >&2

# Heap of every task in local mode (tasks run inside the client JVM). The -D task options say the
# same for a cluster run and are ignored by the local runner.
hadoop_opts="-Xmx$heap"
task_heap_args=(-D "mapreduce.map.java.opts=-Xmx$heap" -D "mapreduce.reduce.java.opts=-Xmx$heap")
text_heap_args=(-D "mapreduce.map.java.opts=-Xmx$text_heap" -D "mapreduce.reduce.java.opts=-Xmx$text_heap")

# timed LOG TIMES COMMAND...: runs COMMAND as its own process tree under GNU time, output to LOG;
# appends "wall user sys maxrss_kb" to TIMES; returns the command's exit status.
timed() {
  local log="$1" times="$2"
  shift 2
  local status=0
  /usr/bin/time -f '%e %U %S %M' -o "$times.one" "$@" >>"$log" 2>&1 || status=$?
  tail -n 1 "$times.one" >>"$times"
  rm -f "$times.one"
  return "$status"
}

# run_contender DATASET CONTENDER RUN INPUT OUTPUT LOG: one timed run; appends its measurement.
run_contender() {
  local dataset="$1" contender="$2" run="$3" input="$4" output="$5" log="$6"
  local times="$output.times" status=0
  rm -rf "$output"
  mkdir -p "$(dirname "$output")"
  : >"$times"
  case "$contender" in
    chunkmill)
      # Two processes, as a user runs them; the times are summed, the peak RSS is the larger. This is
      # what `scripts/chunkmill --conf conf/local <program>` execs, with the copy of the jobs jar.
      HADOOP_CLIENT_OPTS="$hadoop_opts" timed "$log" "$times" \
        "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" ingest "${task_heap_args[@]}" \
        --output "$output" "$input" || status=$?
      if [[ "$status" -eq 0 ]]; then
        HADOOP_CLIENT_OPTS="$hadoop_opts" timed "$log" "$times" \
          "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" count "${task_heap_args[@]}" \
          --by url "$output" || status=$?
      fi
      ;;
    combine-text-input-format)
      HADOOP_CLIENT_OPTS="$hadoop_opts" timed "$log" "$times" \
        "$project/scripts/hadoop" --config "$conf_dir" jar "$bench_jar" \
        io.chunkmill.bench.CombineTextInputFormatContender "${task_heap_args[@]}" "$output" "$input" || status=$?
      ;;
    text-input-format)
      HADOOP_CLIENT_OPTS="-Xmx$text_heap" timed "$log" "$times" \
        "$project/scripts/hadoop" --config "$conf_dir" jar "$bench_jar" \
        io.chunkmill.bench.TextInputFormatContender "${text_heap_args[@]}" "$output" "$input" || status=$?
      ;;
    plain-java-floor)
      timed "$log" "$times" java "-Xmx$floor_heap" -cp "$classpath" io.chunkmill.bench.PlainJavaFloor \
        "$output" "$input" || status=$?
      ;;
    newline-count-floor)
      timed "$log" "$times" java -cp "$classpath" io.chunkmill.bench.NewlineCountFloor "$input" || status=$?
      ;;
    duckdb)
      timed "$log" "$times" java "-Xmx$peer_heap" -cp "$(peer_classpath duckdb)" io.chunkmill.peers.DuckDbPeer \
        "$output" "$input" || status=$?
      ;;
    spark)
      # Spark on Java 17 needs these packages opened (its launcher adds the same).
      timed "$log" "$times" java "-Xmx$peer_heap" "${spark_opens[@]}" -cp "$(peer_classpath spark)" \
        io.chunkmill.peers.SparkPeer "$output" "$input" || status=$?
      ;;
  esac
  awk -v d="$dataset" -v c="$contender" -v r="$run" -v s="$status" '
    NF == 4 { wall += $1; user += $2; sys += $3; if ($4 > rss) rss = $4; n++ }
    END { if (n == 0) { wall = user = sys = rss = 0 }
          printf "%s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%d\n", d, c, r, s, wall, user, sys, rss }' \
    "$times" >>"$measurements"
  rm -f "$times"
  local line
  line="$(tail -n 1 "$measurements")"
  printf 'bench: %-6s %-26s run %d: exit %d, wall %s s, CPU %s s\n' "$dataset" "$contender" "$run" "$status" \
    "$(cut -f5 <<<"$line")" "$(awk -F'\t' '{printf "%.2f", $6 + $7}' <<<"$line")" >&2
  return "$status"
}

# Where each contender's url counts are, for UrlCountsComparison.
counts_spec() {
  local contender="$1" output="$2"
  case "$contender" in
    chunkmill) echo "chunkmill=avro:$output" ;;
    text-input-format|combine-text-input-format) echo "$contender=text:$output/counts" ;;
    plain-java-floor|duckdb|spark) echo "$contender=text:$output" ;;
  esac
}

failed=false
for dataset in "${dataset_list[@]}"; do
  ensure_dataset "$dataset" "$quick"
  generation_s=$((generation_s + ds_generated_s))
  printf '%s\t%s\t%d\t%d\t%d\t%s\n' "$dataset" "$ds_kind" "$ds_messages" "$ds_files" "$ds_bytes" \
    "$ds_description" >>"$datasets_tsv"
  # One untimed read of everything, so that no contender is the one that warms the page cache.
  java -cp "$classpath" io.chunkmill.bench.NewlineCountFloor "$ds_dir" >/dev/null
  for run in $(seq 1 "$runs"); do
    specs=()
    for contender in "${contender_list[@]}"; do
      output="$work/$dataset/$contender-$run"
      log="$out/logs/$dataset-$contender-$run.log"
      status=0
      run_contender "$dataset" "$contender" "$run" "$ds_dir" "$output" "$log" || status=$?
      if [[ "$status" -eq 3 && "$contender" == duckdb ]]; then
        echo "bench: $contender cannot read data set $dataset: $(grep -m 1 'cannot read' "$log")" >&2
        continue
      elif [[ "$status" -ne 0 ]]; then
        echo "bench: $contender failed on data set $dataset (run $run); the end of $log:" >&2
        tail -n 15 "$log" >&2
        failed=true
        continue
      fi
      # Every contender must have read every line.
      lines="$(grep -o 'lines_read [0-9]*' "$log" | head -n 1 | cut -d' ' -f2 || true)"
      if [[ "$lines" != "$ds_messages" ]]; then
        echo "bench: $contender read ${lines:-no} lines of data set $dataset, not $ds_messages (see $log)" >&2
        failed=true
      fi
      if [[ "$contender" != newline-count-floor ]]; then
        # How each contender classified the lines: quarantined = lines_read - BLANK - DUPLICATE - events.
        grep -m 1 -o 'lines_read.*events [0-9]*' "$log" | awk -v d="$dataset" -v c="$contender" -v r="$run" '
          { for (i = 1; i <= NF; i++) { gsub(/[,=+]/, "", $i); if ($i ~ /^[0-9]+$/) v[$(i - 1)] = $i }
            printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", d, c, r, v["lines_read"], v["BLANK"],
              v["lines_read"] - v["BLANK"] - v["DUPLICATE"] - v["events"], v["DUPLICATE"], v["events"] }' \
          >>"$classification"
      fi
      spec="$(counts_spec "$contender" "$output")"
      [[ -n "$spec" ]] && specs+=("$spec")
    done
    if [[ ${#specs[@]} -ge 2 ]]; then
      if ! java -cp "$classpath" io.chunkmill.bench.UrlCountsComparison --set-aside-url=x "${specs[@]}" \
          >"$out/logs/$dataset-compare-$run.log" 2>&1; then
        echo "bench: the url counts differ on data set $dataset (run $run):" >&2
        cat "$out/logs/$dataset-compare-$run.log" >&2
        failed=true
      else
        echo "bench: $(head -n 1 "$out/logs/$dataset-compare-$run.log")" >&2
        grep '^set aside' "$out/logs/$dataset-compare-$run.log" | sed 's/^/bench:   /' >&2 || true
      fi
    fi
    rm -rf "${work:?}/$dataset" # the events of the large data sets take gigabytes
  done
done
rm -rf "$work"

# Spark SQL reads the sketches of distinct --approx (DataSketches HLL) as chunkmill wrote them.
sketches_line=""
if [[ ",$contenders," == *,spark,* ]]; then
  if "$bench_dir/sketches.sh" >"$out/logs/sketches.log" 2>&1; then
    sketches_line="$(grep -E '^spark .* compared' "$out/logs/sketches.log" | tail -n 1)"
  else
    sketches_line="FAILED (logs/sketches.log)"
    failed=true
  fi
  echo "bench: sketches: $sketches_line" >&2
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
# peer_versions: the versions the peers printed (from their logs), or "not run".
peer_versions() {
  local v
  v="$(grep -h -o -m 1 -E '^(duckdb|spark) v?[0-9][0-9.]*' "$out"/logs/*-duckdb-*.log "$out"/logs/*-spark-*.log 2>/dev/null \
    | sort -u | paste -sd, - || true)"
  echo "${v:-not run}"
}
commit="$(git -C "$project" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$project" status --porcelain -- common jobs 2>/dev/null)" ]]; then
  commit="$commit + uncommitted changes in common/ or jobs/"
fi
java -cp "$classpath" io.chunkmill.bench.BenchReport "$measurements" "$datasets_tsv" "$out" \
  "mode=$mode" "runs=$runs" "date=$stamp" "commit=$commit" \
  "jobs jar=$(basename "$jobs_jar") built $jobs_jar_built, sha256 $(sha256sum "$jobs_jar" | cut -c1-12)" \
  "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -n 1)" \
  "load average before=$load_before" "load average after=$load_after" \
  "heap=chunkmill and CombineTextInputFormat HADOOP_CLIENT_OPTS=-Xmx$heap (local mode: the task heap), TextInputFormat -Xmx$text_heap, plain Java floor -Xmx$floor_heap, DuckDB and Spark -Xmx$peer_heap" \
  "peers=$(peer_versions)" \
  "elapsed=$((SECONDS - started_all - generation_s)) s measuring, $generation_s s generating data"
{
  echo
  echo "### How each contender classified the lines (run 1)"
  echo
  echo "quarantined = lines_read - BLANK - DUPLICATE - events. The url counts were compared with the"
  echo "url \"x\" set aside (logs/*-compare-*.log say how many events each counted there)."
  echo
  echo "| data set | contender | lines_read | BLANK | quarantined | DUPLICATE | events |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 && $3 == 1 { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, $7, $8 }' \
    "$classification"
  if [[ -n "$sketches_line" ]]; then
    echo
    echo "### Spark SQL reads the sketches of distinct --approx (bench/sketches.sh)"
    echo
    echo "$sketches_line"
  fi
} >>"$out/results.md"
echo "bench: results in $out (results.md, results.json, messages-per-second.svg, classification.tsv, logs/)" >&2
finish_run "$out" "latest-$mode" "$failed"
