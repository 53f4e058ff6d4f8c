#!/usr/bin/env bash
# The README's first command: builds chunkmill, generates sample messages, runs the whole pipeline
# on them with the embedded default (local job runner, local files) and prints a few results.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"

usage() {
  cat >&2 <<'USAGE'
usage: scripts/quickstart.sh [<work dir>]

Writes sample input to <work dir>/input (default target/quickstart) and the results to
<work dir>/root, then prints a few records of each result. Running it again reuses both: the
pipeline then skips every step that is already done.
USAGE
  exit 2
}
case "${1:-}" in -h|--help) usage ;; esac
[[ $# -le 1 ]] || usage

work="${1:-$project/target/quickstart}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

echo "== building chunkmill (mvn -B -q package -DskipTests)"
(cd "$project" && mvn -B -q package -DskipTests)

if [[ ! -d "$work/input" ]]; then
  echo "== generating 200,000 sample messages in 100 files (some gzip, some bad lines, some redelivered)"
  "$here/chunkmill" generate --output "$work/input" --messages 200000 --files 100 --days 3 2>/dev/null
fi

echo "== running the pipeline"
"$here/pipeline.sh" --output "$work/root" "$work/input"

for dataset in events quarantine counts/url counts/hour topn distinct sessions; do
  echo "== $dataset (first 3 records of $work/root/$dataset)"
  "$here/chunkmill" dump --limit 3 "$work/root/$dataset" 2>/dev/null | cut -c1-200
done
echo "== done: results under $work/root; print any of them with: scripts/chunkmill dump <dir>"
echo "== the report: $work/root/_chunkmill/report.html (open it in a browser)"
