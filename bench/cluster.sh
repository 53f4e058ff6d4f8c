#!/usr/bin/env bash
# Benchmarks chunkmill against Hadoop's TextInputFormat and CombineTextInputFormat, and Spark SQL on
# YARN, on a real pseudo-cluster: HDFS and YARN daemons of their own (scripts/pseudo-cluster.sh), data set `a` at a
# tenth of its size on HDFS, every job through YARN. See docs/PERFORMANCE.md.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

all_contenders="chunkmill-uber,chunkmill-tasks,combine-text-input-format,text-input-format,spark-yarn"

usage() {
  cat >&2 <<USAGE
usage: bench/cluster.sh [--runs N] [--contenders LIST] [--build] [--keep] [--out <dir>]

Starts a pseudo-cluster in a directory of its own (ports of conf/pseudo: no other pseudo-cluster
may run), puts data set a at a tenth of its size (100,000 messages in 1,000 files, the data of
bench/run.sh --quick) on HDFS and runs each contender through YARN with conf/pseudo:

  chunkmill-uber             ingest, then count --by url, with mapreduce.job.ubertask.enable=true
                             (a small job runs inside its ApplicationMaster: no task containers)
  chunkmill-tasks            the same with uber tasks off: one container per map and reduce task
  combine-text-input-format  the bench's CombineTextInputFormat job, chunkmill's maximum split size
  text-input-format          the bench's TextInputFormat job: a map task (container) per file
  spark-yarn                 the bench's Spark SQL peer (bench/peers) on the cluster's YARN, client
                             mode, one executor; its own SQL's classes (the url counts are compared
                             without url x, as bench/run.sh does)

(default: $all_contenders). The two Hadoop contenders run with conf/pseudo as it is,
so their small second (count) job may run as an uber task. Checks that every contender read every
line and that their url counts agree, prints a table (wall seconds, CPU seconds of the whole
machine, daemons and containers included, and each time as a ratio to chunkmill-uber's) and
writes results.md and measurements.tsv under --out (default bench/results/<UTC time>-cluster).
The cluster is stopped on any exit; its logs are kept under <out>/cluster with --keep or on failure.

--runs N   rounds (default 1: the text-input-format contender alone takes about 28 minutes)
--build    rebuild the jobs and bench jars (and the peers, with spark-yarn) first

Exit status: 0 when every contender ran and the counts agree; 1 otherwise; 2 bad arguments.
USAGE
  exit 2
}

runs=1
contenders="$all_contenders"
build=false
keep=false
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; runs="$2"; shift 2 ;;
    --contenders) [[ $# -ge 2 ]] || usage; contenders="$2"; shift 2 ;;
    --build) build=true; shift ;;
    --keep) keep=true; shift ;;
    --out) [[ $# -ge 2 ]] || usage; out="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done
IFS=, read -r -a contender_list <<<"$contenders"
for c in "${contender_list[@]}"; do
  case ",$all_contenders," in
    *",$c,"*) ;;
    *) echo "bench: unknown contender '$c'" >&2; usage ;;
  esac
done
unset HADOOP_OPTS HADOOP_CLIENT_OPTS HADOOP_CLIENT_SKIP_UNJAR CHUNKMILL_CONF HADOOP_CONF_DIR

ensure_jars "$build"
[[ ",$contenders," == *,spark-yarn,* ]] && ensure_peers "$build"
ensure_dataset a true # the local copy of the data, made on the local runner before the daemons start
pseudo_conf="$project/conf/pseudo"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${out:-$bench_dir/results/$stamp-cluster}"
mkdir -p "$out/logs" "$out/jars" "$out/work"
out="$(cd "$out" && pwd)"
cp "$jobs_jar" "$bench_jar" "$out/jars/"
jobs_jar="$out/jars/$(basename "$jobs_jar")"
bench_jar="$out/jars/$(basename "$bench_jar")"
measurements="$out/measurements.tsv"
printf 'contender\trun\texit\twall_s\tmachine_cpu_s\tclient_cpu_s\tyarn_jobs\tuber_jobs\ttask_containers\n' >"$measurements"
local_classpath="$bench_jar:$(hadoop_classpath)"

export CHUNKMILL_PSEUDO_DIR="$out/cluster"
failed=false
finish() {
  local rc=$?
  trap - EXIT INT TERM
  echo "bench: stopping the cluster" >&2
  "$project/scripts/pseudo-cluster.sh" stop >&2 || rc=1
  if [[ $rc -eq 0 && "$failed" == false && "$keep" == false ]]; then
    rm -rf "$CHUNKMILL_PSEUDO_DIR"
  else
    echo "bench: cluster logs kept in $CHUNKMILL_PSEUDO_DIR/logs" >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

hadoop() {
  "$project/scripts/hadoop" --config "$pseudo_conf" "$@"
}

# Busy CPU seconds of the whole machine so far (every daemon, container and client).
machine_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat
}

echo "bench: starting the pseudo-cluster (logs in $CHUNKMILL_PSEUDO_DIR/logs)" >&2
"$project/scripts/pseudo-cluster.sh" start >&2
hdfs=/bench # on the cluster's default file system: conf/pseudo's fs.defaultFS, its HDFS
hadoop fs -mkdir -p "$hdfs" >&2
began=$SECONDS
hadoop fs -put "$ds_dir" "$hdfs/in" >&2
echo "bench: put $ds_messages messages in $ds_files files ($ds_bytes bytes) on HDFS in $((SECONDS - began)) s" >&2
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# run_contender CONTENDER RUN: one timed run on the cluster, its url counts fetched to the local
# work directory; appends its measurement; returns its exit status.
run_contender() {
  local contender="$1" run="$2"
  local output="$hdfs/out/$contender-$run" log="$out/logs/$contender-$run.log" local_out="$out/work/$contender-$run"
  local times="$out/work/$contender-$run.times" status=0 cpu0 cpu1 start
  : >"$log"
  : >"$times"
  cpu0="$(machine_cpu)"
  start="$(date +%s%N)"
  case "$contender" in
    chunkmill-uber|chunkmill-tasks)
      local uber_enabled=true
      [[ "$contender" == chunkmill-tasks ]] && uber_enabled=false
      /usr/bin/time -a -o "$times" -f '%U %S' "$project/scripts/hadoop" --config "$pseudo_conf" jar "$jobs_jar" \
        ingest -D "mapreduce.job.ubertask.enable=$uber_enabled" --output "$output" "$hdfs/in" >>"$log" 2>&1 || status=$?
      if [[ $status -eq 0 ]]; then
        /usr/bin/time -a -o "$times" -f '%U %S' "$project/scripts/hadoop" --config "$pseudo_conf" jar "$jobs_jar" \
          count -D "mapreduce.job.ubertask.enable=$uber_enabled" --by url "$output" >>"$log" 2>&1 || status=$?
      fi
      ;;
    spark-yarn)
      # Spark SQL on the cluster's YARN, in client mode: the driver here, one executor of 2 cores and
      # 1 GiB (with its overhead and the ApplicationMaster's 512 MiB, 2.3 GB of the NodeManager's
      # 2,560 MB). The jars are where the NodeManager runs (local:), so nothing is uploaded.
      local jars
      jars="$(tr ':' '\n' <"$bench_dir/peers/spark/target/classpath.txt" | sed 's/^/local:/' | paste -sd, -)"
      jars="$jars,local:$(ls "$bench_dir"/peers/spark/target/chunkmill-peer-spark-*.jar)"
      mkdir -p "$local_out"
      /usr/bin/time -a -o "$times" -f '%U %S' java -Xmx1g "${spark_opens[@]}" \
        -cp "$pseudo_conf:$(peer_classpath spark)" -Dspark.master=yarn -Dspark.submit.deployMode=client \
        -Dspark.yarn.jars="$jars" -Dspark.executor.instances=1 -Dspark.executor.cores=2 -Dspark.executor.memory=1g \
        -Dspark.yarn.am.memory=512m -Dspark.executor.extraJavaOptions="${spark_opens[*]}" \
        -Dspark.yarn.am.extraJavaOptions="${spark_opens[*]}" \
        io.chunkmill.peers.SparkPeer "$local_out/counts" "$hdfs/in" \
        >>"$log" 2>&1 || status=$?
      ;;
    combine-text-input-format|text-input-format)
      local class=CombineTextInputFormatContender
      [[ "$contender" == text-input-format ]] && class=TextInputFormatContender
      /usr/bin/time -a -o "$times" -f '%U %S' "$project/scripts/hadoop" --config "$pseudo_conf" jar "$bench_jar" \
        "io.chunkmill.bench.$class" "$output" "$hdfs/in" >>"$log" 2>&1 || status=$?
      ;;
  esac
  cpu1="$(machine_cpu)"
  local wall client jobs uber containers
  wall="$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
  client="$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { s += $1 + $2 } END { printf "%.2f", s }' "$times")"
  jobs="$(grep -c -E 'Running job: job_|Submitted application application_' "$log" || true)"
  uber="$(grep -c 'running in uber mode : true' "$log" || true)"
  # Containers other than the ApplicationMasters': map and reduce tasks launched, less those that
  # ran inside their ApplicationMaster.
  containers="$(awk -F= '/Launched (map|reduce) tasks=/ { s += $2 } /TOTAL_LAUNCHED_UBERTASKS=/ { s -= $2 }
    /Registered executor NettyRpcEndpointRef/ { s++ } END { print s + 0 }' "$log")" # Spark: its executors
  if grep -q 'Running job: job_local' "$log"; then
    echo "bench: $contender ran on the local job runner, not on YARN (see $log)" >&2
    status=1
  fi
  printf '%s\t%d\t%d\t%s\t%.2f\t%s\t%d\t%d\t%d\n' "$contender" "$run" "$status" "$wall" \
    "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" "$client" "$jobs" "$uber" "$containers" >>"$measurements"
  printf 'bench: %-26s run %d: exit %d, wall %s s, %d YARN job(s), %d as uber tasks, %d task container(s)\n' \
    "$contender" "$run" "$status" "$wall" "$jobs" "$uber" "$containers" >&2
  rm -f "$times"
  [[ $status -eq 0 ]] || return "$status"
  [[ "$contender" == spark-yarn ]] && return 0 # its driver wrote the counts here
  mkdir -p "$local_out"
  hadoop fs -get "$output/counts" "$local_out/counts" >&2
}

for run in $(seq 1 "$runs"); do
  specs=()
  for contender in "${contender_list[@]}"; do
    if ! run_contender "$contender" "$run"; then
      echo "bench: $contender failed (run $run); the end of $out/logs/$contender-$run.log:" >&2
      tail -n 15 "$out/logs/$contender-$run.log" >&2
      failed=true
      continue
    fi
    lines="$(grep -o 'lines_read [0-9]*' "$out/logs/$contender-$run.log" | head -n 1 | cut -d' ' -f2 || true)"
    if [[ "$lines" != "$ds_messages" ]]; then
      echo "bench: $contender read ${lines:-no} lines, not $ds_messages" >&2
      failed=true
    fi
    case "$contender" in
      chunkmill-*) specs+=("$contender=avro:$out/work/$contender-$run") ;;
      *) specs+=("$contender=text:$out/work/$contender-$run/counts") ;;
    esac
  done
  if [[ ${#specs[@]} -ge 2 ]]; then
    # Spark's SQL cannot refuse some bad lines as the contract does; the generator gives them all url x.
    set_aside=()
    [[ ",$contenders," == *,spark-yarn,* ]] && set_aside=(--set-aside-url=x)
    if java -cp "$local_classpath" io.chunkmill.bench.UrlCountsComparison "${set_aside[@]}" "${specs[@]}" \
        >"$out/logs/compare-$run.log" 2>&1; then
      echo "bench: $(head -n 1 "$out/logs/compare-$run.log")" >&2
    else
      echo "bench: the url counts differ (run $run):" >&2
      cat "$out/logs/compare-$run.log" >&2
      failed=true
    fi
  fi
done
rm -rf "$out/work"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# The table: medians over the rounds, ratios to chunkmill-uber's median wall time.
{
  echo "# chunkmill on a pseudo-cluster (bench/cluster.sh, $stamp)"
  echo
  echo "Data set a at a tenth: $ds_messages messages in $ds_files files ($ds_bytes bytes) on HDFS; $runs round(s);"
  echo "conf/pseudo (one NodeManager, $(nproc) cores); commit $(git -C "$project" rev-parse --short HEAD 2>/dev/null || echo unknown);"
  echo "load average before $load_before, after $load_after. CPU is the whole machine's (daemons, containers, clients)."
  echo
  echo "| contender | wall s | machine CPU s | client CPU s | YARN jobs | of them uber | task containers | messages/s | wall / chunkmill-uber |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' -v msgs="$ds_messages" -v order="$contenders" '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    NR > 1 && $3 == 0 { wall[$1] = wall[$1] " " $4; cpu[$1] = cpu[$1] " " $5; client[$1] = client[$1] " " $6
                        jobs[$1] = $7; uber[$1] = $8; containers[$1] = $9 }
    END {
      base = ("chunkmill-uber" in wall) ? median(wall["chunkmill-uber"]) : 0
      n = split(order, names, ",")
      for (i = 1; i <= n; i++) {
        c = names[i]
        if (!(c in wall)) { printf "| %s | failed | | | | | | | |\n", c; continue }
        w = median(wall[c])
        ratio = base > 0 ? sprintf("%.2f", w / base) : "-"
        printf "| %s | %.1f | %.1f | %.1f | %d | %d | %d | %d | %s |\n", c, w, median(cpu[c]), median(client[c]),
          jobs[c], uber[c], containers[c], msgs / w, ratio
      }
    }' "$measurements"
} >"$out/results.md"
cat "$out/results.md"
echo "bench: results in $out (results.md, measurements.tsv, logs/)" >&2
finish_run "$out" latest-cluster "$failed"
