# shellcheck shell=bash disable=SC2034 # the ds_* variables are for the scripts that source this file
# What the bench scripts share: where things are, the build of the two jars, and
# the data sets (generated once with `chunkmill generate`, then reused). Sourced, not run.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$bench_dir")"
conf_dir="$project/conf/local"
data_root="${CHUNKMILL_BENCH_DATA:-$bench_dir/results/data}"
bench_jar=""
jobs_jar=""

die() {
  echo "bench: $*" >&2
  exit 1
}

find_jars() {
  bench_jar=""
  jobs_jar=""
  local candidate
  for candidate in "$bench_dir"/target/chunkmill-bench-*.jar; do
    [[ -f "$candidate" && "$(basename "$candidate")" != original-* ]] && bench_jar="$candidate"
  done
  for candidate in "$project"/jobs/target/chunkmill-jobs-*.jar; do
    [[ -f "$candidate" && "$(basename "$candidate")" != original-* ]] && jobs_jar="$candidate"
  done
  return 0
}

# ensure_jars BUILD: builds the bench jar when it is missing; with BUILD=true rebuilds the jobs and
# bench jars (what a before/after comparison needs). Only these modules: other builds may share the
# machine and tree.
ensure_jars() {
  local build="$1"
  find_jars
  if [[ "$build" == true || -z "$jobs_jar" ]]; then
    echo "bench: building the jobs and bench jars: mvn -B -q -pl jobs,bench -am package -DskipTests" >&2
    (cd "$project" && mvn -B -q -pl jobs,bench -am package -DskipTests >&2)
  elif [[ -z "$bench_jar" ]]; then
    echo "bench: building the bench jar: mvn -B -q -pl bench -am install -DskipTests" >&2
    (cd "$project" && mvn -B -q -pl bench -am install -DskipTests >&2)
  fi
  find_jars
  [[ -n "$bench_jar" ]] || die "no bench jar under $bench_dir/target after the build"
  [[ -n "$jobs_jar" ]] || die "no jobs jar under $project/jobs/target after the build"
}

# ensure_peers BUILD: builds the peers (DuckDB, Spark SQL) when not built, or with BUILD=true. They
# are a Maven build of their own (bench/peers/pom.xml): their dependencies never meet the project's.
# Each peer runs as java -cp <its classes>:<target/classpath.txt>.
ensure_peers() {
  local build="$1" peer
  for peer in duckdb spark; do
    if [[ "$build" == true || ! -f "$bench_dir/peers/$peer/target/classpath.txt" ]]; then
      echo "bench: building the peers: mvn -B -q -f bench/peers/pom.xml package" >&2
      (cd "$project" && mvn -B -q -f bench/peers/pom.xml package >&2) \
        || die "the peers (DuckDB, Spark) did not build; --without duckdb,spark runs the bench without them"
      return 0
    fi
  done
}

# peer_classpath PEER: the classpath of a built peer.
peer_classpath() {
  echo "$bench_dir/peers/$1/target/classes:$(cat "$bench_dir/peers/$1/target/classpath.txt")"
}

# The JVM options Spark needs on Java 17 (its classes reach into the JDK's).
spark_opens=()
for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  spark_opens+=("--add-opens=java.base/$package=ALL-UNNAMED")
done
spark_opens+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

# dataset_spec NAME QUICK: sets ds_kind, ds_messages, ds_files, ds_description and ds_args (the
# generate options besides --output, --messages and --files). Quick mode is a tenth of the messages;
# for the small-files set also a tenth of the files (1,000 files of about 100 messages).
dataset_spec() {
  local name="$1" quick="$2"
  case "$name" in
    a)
      ds_kind=small-files
      ds_messages=1000000; ds_files=10000
      ds_args=()
      ds_description="many small files (10% gzip, generator's default bad lines and redeliveries)"
      ;;
    b)
      ds_kind=large-files
      ds_messages=10000000; ds_files=10
      ds_args=(--gzip-share 0)
      ds_description="few large plain-text files"
      ;;
    b-bz2)
      ds_kind=large-files
      ds_messages=10000000; ds_files=10
      ds_args=(--gzip-share 0 --bzip2-share 1)
      ds_description="few large bzip2 files"
      ;;
    *) die "unknown data set '$name' (a, b or b-bz2)" ;;
  esac
  if [[ "$quick" == true ]]; then
    ds_messages=$((ds_messages / 10))
    if [[ "$ds_kind" == small-files ]]; then
      ds_files=$((ds_files / 10))
    fi
  fi
}

# ensure_dataset NAME QUICK: generates the data set once (kept under $data_root, reused while its
# generate options are the same) and sets ds_dir, ds_bytes and ds_generated_s (0 when reused).
ensure_dataset() {
  local name="$1" quick="$2"
  dataset_spec "$name" "$quick"
  ds_dir="$data_root/$name-${ds_messages}-messages-${ds_files}-files"
  local marker="$ds_dir.generated"
  ds_generated_s=0
  local wanted
  wanted="--messages $ds_messages --files $ds_files ${ds_args[*]}"
  if [[ ! -f "$marker" || "$(cat "$marker")" != "$wanted" ]]; then
    rm -rf "$ds_dir" "$marker"
    mkdir -p "$data_root"
    local started=$SECONDS
    "$project/scripts/chunkmill" --conf "$conf_dir" generate --output "$ds_dir" \
      --messages "$ds_messages" --files "$ds_files" "${ds_args[@]}" >"$ds_dir.generate.log" 2>&1 \
      || { tail -n 20 "$ds_dir.generate.log" >&2; die "generate failed for data set $name"; }
    echo "$wanted" >"$marker"
    ds_generated_s=$((SECONDS - started))
    echo "bench: generated data set $name ($ds_messages messages, $ds_files files) in $((SECONDS - started)) s: $ds_dir" >&2
  fi
  # Only the files every contender reads: names starting with . or _ (the .crc files) are skipped.
  ds_bytes="$(find "$ds_dir" -type f ! -name '.*' ! -name '_*' -printf '%s\n' | awk '{s += $1} END {print s + 0}')"
}

# hadoop_classpath: Hadoop's client jars and conf/local, as scripts/hadoop resolves them.
hadoop_classpath() {
  "$project/scripts/hadoop" --config "$conf_dir" classpath
}

# finish_run OUT LATEST FAILED: points bench/results/LATEST at OUT when OUT is under bench/results;
# exits 1 when FAILED is true.
finish_run() {
  local out="$1" latest="$2" failed="$3"
  if [[ "$(dirname "$out")" == "$bench_dir/results" ]]; then
    ln -sfn "$(basename "$out")" "$bench_dir/results/$latest"
  fi
  if [[ "$failed" == true ]]; then
    echo "bench: FAILED: a contender failed or the url counts differ (see above)" >&2
    exit 1
  fi
}
