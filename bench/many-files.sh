#!/usr/bin/env bash
# Many files (docs/PERFORMANCE.md): split planning over 10k, 100k and 1M files of a synthetic listing
# (no disk: io.chunkmill.bench.SyntheticFileSystem, 3 replicas over 20 hosts) by chunkmill's planner
# and by the located listing planned with Hadoop's CombineFileInputFormat, each in a client of the
# given heap; then a real ingest of one-message files under the local runner at that heap.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat >&2 <<'USAGE'
usage: bench/many-files.sh [--quick] [--heap 256m] [--files 200000] [--out <dir>]

--quick    planning up to 100k files, a real ingest of 20,000 files
--heap     client heap of every run (default 256m)
--files    one-message files of the real ingest (default 200,000)
--out      where the results go (default: bench/results/<time>-many-files)
USAGE
  exit 2
}

heap=256m
real_files=200000
trees="100x100 100x1000 1000x1000"
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) trees="100x100 100x1000"; real_files=20000; shift ;;
    --heap) [[ $# -ge 2 ]] || usage; heap="$2"; shift 2 ;;
    --files) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; real_files="$2"; shift 2 ;;
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
out="${out:-$bench_dir/results/$stamp-many-files}"
mkdir -p "$out/logs"
out="$(cd "$out" && pwd)"
classpath="$bench_jar:$(hadoop_classpath)"
results="$out/results.md"
echo "bench: many files, heap $heap, results in $out" >&2

{
  echo "## Split planning (synthetic listing, client heap $heap)"
  echo
  echo "| files | planner | wall s | listing s | planning s | heap after listing MiB | heap after planning MiB | listing B/file | splits | split file B | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$results"
for tree in $trees; do
  dirs="${tree%x*}" per="${tree#*x}"
  for planner in chunkmill hadoop; do
    log="$out/logs/plan-$planner-$tree.log"
    if /usr/bin/time -f '%e %M' -o "$log.time" java "-Xmx$heap" -cp "$classpath" \
        io.chunkmill.bench.ManyFilesPlanning "$planner" "$dirs" "$per" >"$log" 2>&1; then
      read -r wall rss <"$log.time"
      tail -n 1 "$log" | jq -r --arg w "$wall" --arg r "$((rss / 1024))" \
        '"| \(.files) | \(.planner) | \($w) | \(.list_s) | \(.plan_s) | \(.heap_listing_mb) | \(.heap_planned_mb) | \(.listing_bytes_per_file) | \(.splits) | \(.split_file_bytes) | \($r) |"' >>"$results"
    else
      why="$(grep -o 'OutOfMemoryError[^"]*' "$log" | head -n 1)"
      echo "| $((dirs * per)) | $planner | failed: ${why:-see $log} | | | | | | | | |" >>"$results"
    fi
    tail -n 1 "$results" >&2
  done
done

# The real ingest: one message a file, the local runner, the whole job in a client of $heap.
input="$bench_dir/results/data/one-message-files-$real_files"
if [[ ! -f "$input/.complete" ]]; then
  rm -rf "$input"
  "$project/scripts/hadoop" --config "$conf_dir" jar "$jobs_jar" generate --output "$input" \
    --messages "$real_files" --files "$real_files" --gzip-share 0 >"$out/logs/generate.log" 2>&1 \
    || { tail -n 20 "$out/logs/generate.log" >&2; die "generate failed"; }
  touch "$input/.complete"
fi
root="$out/work/root"
log="$out/logs/ingest.log"
{
  echo
  echo "## Ingest of $real_files one-message files (local runner, client heap $heap)"
  echo
  echo "| files | wall s | peak RSS MiB | splits | events | result |"
  echo "|---|---|---|---|---|---|"
} >>"$results"
if HADOOP_CLIENT_OPTS="-Xmx$heap" /usr/bin/time -f '%e %M' -o "$log.time" "$project/scripts/hadoop" --config "$conf_dir" \
    jar "$jobs_jar" ingest --summary "$out/logs/ingest.json" --output "$root" "$input" >"$log" 2>&1; then
  read -r wall rss <"$log.time"
  jq -r --arg w "$wall" --arg r "$((rss / 1024))" \
    '"| \(.files) | \($w) | \($r) | \(.splits) | \(.events) | ok |"' \
    "$out/logs/ingest.json" >>"$results"
else
  why="$(grep -o 'OutOfMemoryError.*' "$log" | head -n 1)"
  echo "| $real_files | | | | | failed: ${why:-see $log} |" >>"$results"
fi
tail -n 1 "$results" >&2
rm -rf "$out/work"
echo "bench: $results" >&2
