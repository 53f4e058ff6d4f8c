#!/usr/bin/env bash
# Spark SQL reads the sketches chunkmill's distinct --approx writes: generates a few days of
# messages, ingests them, runs distinct --approx, and has the Spark peer (bench/peers) compare
# hll_sketch_estimate of every sketch with the estimate chunkmill recorded, and hll_union_agg over
# each url's days with the DataSketches library's union. Exit 0 when all agree.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[[ $# -eq 0 ]] || { echo "usage: bench/sketches.sh" >&2; exit 2; }
ensure_jars false
ensure_peers false
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chunkmill() {
  "$project/scripts/chunkmill" --conf "$conf_dir" "$@"
}
chunkmill generate --output "$work/in" --messages 30000 --files 6 --days 3 >"$work/generate.log" 2>&1
chunkmill ingest --output "$work/root" "$work/in" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
chunkmill distinct --approx "$work/root" >"$work/distinct.log" 2>&1 || { cat "$work/distinct.log" >&2; exit 1; }
java -Xmx1g "${spark_opens[@]}" -cp "$(peer_classpath spark)" io.chunkmill.peers.SparkSketches "$work/root/distinct_approx"
