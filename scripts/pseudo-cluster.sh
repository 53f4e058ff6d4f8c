#!/usr/bin/env bash
# A single-node Hadoop cluster on this machine, every daemon a JVM of its own: NameNode, DataNode,
# ResourceManager, NodeManager and the MapReduce JobHistory server, configured by conf/pseudo and
# bound to 127.0.0.1. Uses an installed Hadoop when there is one; otherwise Hadoop's server jars,
# resolved by Maven once (scripts/lib/hadoop-cluster.pom.xml), in the version the build uses.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(dirname "$here")"

usage() {
  cat >&2 <<'USAGE'
usage: scripts/pseudo-cluster.sh start|stop|status
       scripts/pseudo-cluster.sh format --yes

  start   formats HDFS on first use, starts the daemons that are not running, waits until HDFS has
          left safe mode and the NodeManager has registered, creates /tmp and /user/<you> on HDFS,
          prints the web UIs. Harmless when the cluster is already up.
  stop    stops the NodeManager, ResourceManager, JobHistory server, DataNode, NameNode, in that
          order (TERM, then KILL after $CHUNKMILL_PSEUDO_STOP_TIMEOUT seconds, default 60).
  status  one line per daemon; exit 0 when all five run, 3 otherwise.
  format  deletes the data directory, HDFS included (refused while a daemon runs); the next start
          formats a new HDFS.

Use it with: scripts/hadoop --conf conf/pseudo fs ..., scripts/chunkmill --conf conf/pseudo ...,
scripts/pipeline.sh --conf conf/pseudo --output hdfs://127.0.0.1:8020/<root> ...

Environment:
  CHUNKMILL_PSEUDO_DIR            data, logs and pid files (default <project>/.cache/pseudo)
  CHUNKMILL_PSEUDO_*_PORT         ports, defaults in conf/pseudo/*-site.xml (docs/PSEUDO-CLUSTER.md);
                                  set the same values for the clients
  CHUNKMILL_PSEUDO_START_TIMEOUT  seconds to wait for the cluster to come up (default 180)
  CHUNKMILL_PSEUDO_DAEMON_OPTS    extra JVM options for every daemon
  HADOOP_HOME, or hadoop on PATH  use that Hadoop (CHUNKMILL_EMBEDDED_HADOOP=true: use Maven's jars)
  CHUNKMILL_CACHE                 where Maven's jars go (default <project>/.cache)
USAGE
  exit 2
}

[[ $# -ge 1 ]] || usage
command="$1"; shift
yes=false
case "$command" in
  start|stop|status) [[ $# -eq 0 ]] || usage ;;
  format)
    [[ $# -le 1 ]] || usage
    if [[ $# -eq 1 ]]; then
      [[ "$1" == --yes ]] || usage
      yes=true
    fi ;;
  -h|--help|help) usage ;;
  *) echo "pseudo-cluster: unknown command '$command'" >&2; usage ;;
esac

conf_dir="$project/conf/pseudo"
export CHUNKMILL_PSEUDO_DIR="${CHUNKMILL_PSEUDO_DIR:-$project/.cache/pseudo}"
data="$CHUNKMILL_PSEUDO_DIR"
log_dir="$data/logs"
pid_dir="$data/pids"
marker="$data/.chunkmill-pseudo"
ident="$(id -un)"
start_timeout="${CHUNKMILL_PSEUDO_START_TIMEOUT:-180}"
stop_timeout="${CHUNKMILL_PSEUDO_STOP_TIMEOUT:-60}"

# Start order; stop goes NodeManager first (the slowest to stop; it unregisters from the
# ResourceManager on the way out), NameNode last.
daemons=(namenode datanode resourcemanager nodemanager historyserver)
stop_order=(nodemanager resourcemanager historyserver datanode namenode)

main_class() {
  case "$1" in
    namenode) echo org.apache.hadoop.hdfs.server.namenode.NameNode ;;
    datanode) echo org.apache.hadoop.hdfs.server.datanode.DataNode ;;
    resourcemanager) echo org.apache.hadoop.yarn.server.resourcemanager.ResourceManager ;;
    nodemanager) echo org.apache.hadoop.yarn.server.nodemanager.NodeManager ;;
    historyserver) echo org.apache.hadoop.mapreduce.v2.hs.JobHistoryServer ;;
  esac
}

# Heaps in MB: the five daemons and one job (AM + 4 tasks of 512 MB) fit in about 4 GiB.
heap_mb() {
  case "$1" in
    namenode|nodemanager) echo 384 ;;
    resourcemanager) echo 512 ;;
    datanode|historyserver) echo 256 ;;
  esac
}

# The Hadoop command that owns a daemon, for an installed Hadoop.
hadoop_command() {
  case "$1" in
    namenode|datanode) echo hdfs ;;
    resourcemanager|nodemanager) echo yarn ;;
    historyserver) echo mapred ;;
  esac
}

# The prefix of the variables an installed Hadoop reads for a daemon (HDFS_NAMENODE_OPTS, ..._USER).
env_prefix() {
  case "$1" in
    namenode) echo HDFS_NAMENODE ;;
    datanode) echo HDFS_DATANODE ;;
    resourcemanager) echo YARN_RESOURCEMANAGER ;;
    nodemanager) echo YARN_NODEMANAGER ;;
    historyserver) echo MAPRED_HISTORYSERVER ;;
  esac
}

# The CHUNKMILL_PSEUDO_<NAME>_PORT names of the ports a daemon listens on.
daemon_ports() {
  case "$1" in
    namenode) echo NN NN_HTTP ;;
    datanode) echo DN DN_IPC DN_HTTP ;;
    resourcemanager) echo RM RM_SCHEDULER RM_TRACKER RM_ADMIN RM_HTTP ;;
    nodemanager) echo NM NM_LOCALIZER NM_HTTP SHUFFLE ;;
    historyserver) echo JHS JHS_HTTP JHS_ADMIN ;;
  esac
}

# Hadoop's own pid and log file names (hadoop-<ident>-<daemon>.pid), so that a cluster started
# with an installed Hadoop's `--daemon start` is found the same way.
pid_file() { printf '%s/hadoop-%s-%s.pid\n' "$pid_dir" "$ident" "$1"; }

# The newest log of a daemon (an installed Hadoop puts the host name in it).
log_file() {
  local newest="" f
  for f in "$log_dir/hadoop-$ident-$1"*.log; do
    [[ -f "$f" && ( -z "$newest" || "$f" -nt "$newest" ) ]] && newest="$f"
  done
  printf '%s\n' "${newest:-$log_dir/hadoop-$ident-$1.log}"
}

# The port a CHUNKMILL_PSEUDO_<NAME>_PORT variable sets: its value, else the default written in
# conf/pseudo, so that the defaults live in one place.
port() {
  local name="CHUNKMILL_PSEUDO_$1_PORT" default
  default="$(sed -n "s/.*\${env\.$name:-\([0-9]*\)}.*/\1/p" "$conf_dir"/*-site.xml | head -n 1)"
  printf '%s\n' "${!name:-$default}"
}

# Whether the daemon's pid file names a live process running the daemon's main class (a pid
# reused by another process does not count).
is_running() {
  local file pid class
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  class="$(main_class "$1")"
  if [[ -r "/proc/$pid/cmdline" ]]; then
    grep -qaF "$class" "/proc/$pid/cmdline"
  else
    ps -p "$pid" -o args= | grep -qF "$class"
  fi
}

running_pid() { cat "$(pid_file "$1")"; }

# Fails with the end of a daemon's output and log (the log only when written since the launch: it
# is appended to from run to run).
die_with_log() {
  local daemon="$1" message="$2" log out
  log="$(log_file "$daemon")"
  out="${log%.log}.out"
  echo "pseudo-cluster: $message" >&2
  if [[ -s "$out" ]]; then
    echo "--- last lines of $out:" >&2
    tail -n 20 "$out" >&2
  fi
  if [[ -s "$log" && ! "$(pid_file "$daemon")" -nt "$log" ]]; then
    echo "--- last lines of $log:" >&2
    tail -n 20 "$log" >&2
  fi
  echo "pseudo-cluster: see $log and $out" >&2
  exit 1
}

# http <method> <port> <path>: the body of a 2xx answer from 127.0.0.1, else non-zero. Bash's
# /dev/tcp needs neither curl nor a JVM, and no proxy setting gets in the way.
http() (
  { exec 3<>"/dev/tcp/127.0.0.1/$2"; } 2>/dev/null || exit 1
  printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nContent-Length: 0\r\n\r\n' "$1" "$3" "$2" >&3
  response="$(timeout 10 cat <&3)"
  [[ "$response" =~ ^HTTP/1\.[01]\ 2 ]] || exit 1
  printf '%s\n' "${response#*$'\r\n\r\n'}"
)

# Whether something accepts connections on a port of 127.0.0.1.
listening() ( { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null )

# await <what> <check> <daemon>...: polls the check until it succeeds; fails, showing a log, when
# one of the daemons exits or the time is up.
await() {
  local what="$1" check="$2" deadline=$((SECONDS + start_timeout)) d
  shift 2
  until "$check"; do
    for d in "$@"; do
      is_running "$d" || die_with_log "$d" "the $d exited while waiting for $what"
    done
    ((SECONDS < deadline)) || die_with_log "$1" "no $what after ${start_timeout}s (CHUNKMILL_PSEUDO_START_TIMEOUT)"
    sleep 0.5
  done
}

# The NameNode is out of safe mode and counts a live DataNode, and the DataNode says it is
# registered (a restarted DataNode still counts as live on the NameNode for minutes).
hdfs_ready() {
  local state datanode
  state="$(http GET "$(port NN_HTTP)" '/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState')" || return 1
  [[ "$state" =~ \"FSState\"\ *:\ *\"Operational\" && "$state" =~ \"NumLiveDataNodes\"\ *:\ *[1-9] ]] || return 1
  datanode="$(http GET "$(port DN_HTTP)" '/jmx?qry=Hadoop:service=DataNode,name=DataNodeInfo')" || return 1
  [[ "$datanode" == *'\"ActorState\":\"RUNNING\"'* ]]
}

nodemanager_registered() {
  local metrics
  metrics="$(http GET "$(port RM_HTTP)" '/jmx?qry=Hadoop:service=ResourceManager,name=ClusterMetrics')" || return 1
  [[ "$metrics" =~ \"NumActiveNMs\"\ *:\ *[1-9] ]]
}

resourcemanager_listening() { listening "$(port RM_TRACKER)"; }

historyserver_ready() {
  listening "$(port JHS)" && http GET "$(port JHS_HTTP)" '/jmx?qry=java.lang:type=Runtime' >/dev/null
}

# webhdfs <method> <path> <query>: one WebHDFS call as this user (no JVM to start for it).
webhdfs() {
  http "$1" "$(port NN_HTTP)" "/webhdfs/v1$2?user.name=$ident&$3" >/dev/null ||
    { echo "pseudo-cluster: WebHDFS $1 $2?$3 failed; see $(log_file namenode)" >&2; exit 1; }
}

# Which Hadoop runs the daemons: an installed one (HADOOP_HOME, or `hadoop` on PATH unless that is
# scripts/hadoop), or Maven's jars.
hadoop_bin=""
if [[ "${CHUNKMILL_EMBEDDED_HADOOP:-}" != true ]]; then
  if [[ -n "${HADOOP_HOME:-}" && -x "$HADOOP_HOME/bin/hdfs" ]]; then
    hadoop_bin="$HADOOP_HOME/bin"
  elif command -v hadoop >/dev/null 2>&1; then
    candidate="$(command -v hadoop)"
    candidate_dir="$(cd "$(dirname "$candidate")" && pwd)"
    if [[ "$candidate_dir" != "$here" && -x "$candidate_dir/hdfs" ]]; then
      hadoop_bin="$candidate_dir"
    fi
  fi
fi

# Sets up what launching needs: the environment the daemons pass on to containers, and, without
# an install, Maven's jars (resolved once) and the classpaths.
prepare() {
  mkdir -p "$log_dir" "$pid_dir"
  touch "$marker"
  if [[ -z "${JAVA_HOME:-}" ]]; then
    # Containers are launched as $JAVA_HOME/bin/java.
    local java
    java="$(command -v java)" || { echo "pseudo-cluster: java not found (set JAVA_HOME)" >&2; exit 1; }
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")"
  fi
  export JAVA_HOME
  if [[ -n "$hadoop_bin" ]]; then
    local hadoop_home
    hadoop_home="${HADOOP_HOME:-$(dirname "$hadoop_bin")}"
    export CHUNKMILL_PSEUDO_LIB="$hadoop_home/share/hadoop/mapreduce"
    export HADOOP_PID_DIR="$pid_dir" HADOOP_LOG_DIR="$log_dir" HADOOP_IDENT_STRING="$ident"
    local daemon var
    for daemon in "${daemons[@]}"; do
      var="$(env_prefix "$daemon")"
      printf -v "${var}_OPTS" -- '-Xmx%sm %s' "$(heap_mb "$daemon")" "${CHUNKMILL_PSEUDO_DAEMON_OPTS:-}"
      export "${var}_OPTS"
      if [[ "$(id -u)" -eq 0 ]]; then
        # Hadoop's scripts refuse to run a daemon as root unless told that root is meant.
        printf -v "${var}_USER" -- root
        export "${var}_USER"
      fi
    done
    return
  fi

  local version cache home
  version="$(sed -n 's:.*<hadoop.version>\(.*\)</hadoop.version>.*:\1:p' "$project/pom.xml" | head -n 1)"
  cache="${CHUNKMILL_CACHE:-$project/.cache}"
  home="$cache/hadoop-$version"
  lib="$home/cluster-lib"
  if [[ ! -f "$lib/.complete" ]]; then
    echo "pseudo-cluster: resolving Hadoop $version server jars with Maven into $lib (once)" >&2
    rm -rf "$lib"
    mkdir -p "$lib"
    local mvn_log="$home/cluster-lib.log"
    if ! mvn -B -f "$here/lib/hadoop-cluster.pom.xml" -Dhadoop.version="$version" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >"$mvn_log" 2>&1; then
      tail -n 30 "$mvn_log" >&2
      echo "pseudo-cluster: Maven could not resolve Hadoop's jars; see $mvn_log" >&2
      exit 1
    fi
    touch "$lib/.complete"
  fi
  # The hadoop-hdfs jar on Maven Central has no webapps/: the NameNode and DataNode do not start
  # without these directories on the classpath (their web UIs then serve /jmx, /conf, /logs only).
  webapps="$home/cluster-webapps"
  local app
  for app in hdfs datanode secondary journal static; do
    mkdir -p "$webapps/webapps/$app/WEB-INF"
  done
  java_cmd="$JAVA_HOME/bin/java"
  export CHUNKMILL_PSEUDO_LIB="$lib" HADOOP_CONF_DIR="$conf_dir"
  # shellcheck disable=SC2206 # a word list by Hadoop's own convention
  jvm_opts=(-Djava.net.preferIPv4Stack=true "-Dhadoop.home.dir=$home" "-Dhadoop.id.str=$ident"
    "-Dhadoop.log.dir=$log_dir" "-Dyarn.log.dir=$log_dir"
    "-Dhadoop.root.logger=INFO,RFA" "-Dyarn.root.logger=INFO,RFA"
    ${CHUNKMILL_PSEUDO_DAEMON_OPTS:-})
}

# Formats HDFS when the NameNode has no metadata yet.
format_if_new() {
  [[ ! -f "$data/dfs/name/current/VERSION" ]] || return 0
  echo "pseudo-cluster: formatting a new HDFS in $data/dfs"
  # Blocks of an earlier HDFS would carry another cluster id: the DataNode would refuse to start.
  rm -rf "$data/dfs"
  local log="$log_dir/format.log"
  if [[ -n "$hadoop_bin" ]]; then
    "$hadoop_bin/hdfs" --config "$conf_dir" namenode -format -nonInteractive >"$log" 2>&1
  else
    "$java_cmd" "${jvm_opts[@]}" "-Dhadoop.root.logger=INFO,console" \
      -cp "$conf_dir:$webapps:$lib/*" "$(main_class namenode)" -format -nonInteractive >"$log" 2>&1
  fi || { echo "pseudo-cluster: formatting HDFS failed; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
}

# Starts one daemon unless it is running; removes a stale pid file.
start_daemon() {
  local daemon="$1" file
  file="$(pid_file "$daemon")"
  if is_running "$daemon"; then
    echo "pseudo-cluster: $daemon already running (pid $(running_pid "$daemon"))"
    return
  fi
  rm -f "$file"
  local port_name
  for port_name in $(daemon_ports "$daemon"); do
    if listening "$(port "$port_name")"; then
      echo "pseudo-cluster: cannot start the $daemon: port $(port "$port_name") is taken by another process" \
        "(another cluster? set CHUNKMILL_PSEUDO_${port_name}_PORT, for the clients too)" >&2
      exit 1
    fi
  done
  if [[ -n "$hadoop_bin" ]]; then
    "$hadoop_bin/$(hadoop_command "$daemon")" --config "$conf_dir" --daemon start "$daemon"
  else
    local cp="$conf_dir:$lib/*" name="hadoop-$ident-$daemon"
    [[ "$daemon" == namenode || "$daemon" == datanode ]] && cp="$conf_dir:$webapps:$lib/*"
    # setsid: a daemon of its own session, out of reach of the terminal's Ctrl-C. A background
    # job of a script is no process group leader, so setsid does not fork: $! is the JVM.
    setsid "$java_cmd" "-Dproc_$daemon" "-Xmx$(heap_mb "$daemon")m" "${jvm_opts[@]}" \
      "-Dhadoop.log.file=$name.log" "-Dyarn.log.file=$name.log" \
      -cp "$cp" "$(main_class "$daemon")" </dev/null >"$log_dir/$name.out" 2>&1 &
    echo "$!" >"$file"
  fi
  echo "pseudo-cluster: started $daemon (pid $(running_pid "$daemon")), log $(log_file "$daemon")"
}

start() {
  local began=$SECONDS
  prepare
  format_if_new
  start_daemon namenode
  start_daemon datanode
  start_daemon resourcemanager
  # The NodeManager retries a ResourceManager that is not up yet only every 30 s.
  await "ResourceManager listening" resourcemanager_listening resourcemanager
  start_daemon nodemanager
  await "HDFS out of safe mode with a live DataNode" hdfs_ready namenode datanode
  # Open /tmp to every user (sticky) before the JobHistory server creates directories in it;
  # MapReduce stages jobs under /tmp/hadoop-yarn/staging/<user>.
  webhdfs PUT /tmp/hadoop-yarn/staging op=MKDIRS
  webhdfs PUT /tmp "op=SETPERMISSION&permission=1777"
  webhdfs PUT /tmp/hadoop-yarn "op=SETPERMISSION&permission=1777"
  webhdfs PUT /tmp/hadoop-yarn/staging "op=SETPERMISSION&permission=1777"
  webhdfs PUT "/user/$ident" op=MKDIRS
  start_daemon historyserver
  await "NodeManager registered with the ResourceManager" nodemanager_registered nodemanager resourcemanager
  await "JobHistory server listening" historyserver_ready historyserver
  echo "pseudo-cluster: up in $((SECONDS - began)) s; data and logs in $data"
  cat <<EOF
  HDFS             hdfs://127.0.0.1:$(port NN)/   (scripts/hadoop --conf conf/pseudo fs -ls /)
  NameNode         http://127.0.0.1:$(port NN_HTTP)/
  DataNode         http://127.0.0.1:$(port DN_HTTP)/
  ResourceManager  http://127.0.0.1:$(port RM_HTTP)/
  NodeManager      http://127.0.0.1:$(port NM_HTTP)/
  JobHistory       http://127.0.0.1:$(port JHS_HTTP)/
EOF
  [[ -n "$hadoop_bin" ]] ||
    echo "  (without an install the NameNode and DataNode pages are empty: their /jmx, /conf, /logs work)"
}

# Stops one daemon: TERM, then KILL after the timeout.
stop_daemon() {
  local daemon="$1" pid waited=0
  if ! is_running "$daemon"; then
    rm -f "$(pid_file "$daemon")"
    echo "pseudo-cluster: $daemon not running"
    return
  fi
  pid="$(running_pid "$daemon")"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= stop_timeout * 2)); then
      echo "pseudo-cluster: $daemon (pid $pid) still running after ${stop_timeout}s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$(pid_file "$daemon")"
  echo "pseudo-cluster: stopped $daemon (pid $pid) in $((waited / 2)) s"
}

stop() {
  local daemon
  for daemon in "${stop_order[@]}"; do
    stop_daemon "$daemon"
  done
}

status() {
  local daemon all=0
  for daemon in "${daemons[@]}"; do
    if is_running "$daemon"; then
      printf '%-16s running  pid %s\n' "$daemon" "$(running_pid "$daemon")"
    else
      printf '%-16s stopped\n' "$daemon"
      all=3
    fi
  done
  return "$all"
}

format() {
  local daemon
  for daemon in "${daemons[@]}"; do
    if is_running "$daemon"; then
      echo "pseudo-cluster: $daemon is running (pid $(running_pid "$daemon")); stop the cluster first" >&2
      exit 1
    fi
  done
  if [[ ! -e "$data" ]]; then
    echo "pseudo-cluster: nothing to format: $data does not exist"
    return
  fi
  if [[ ! -f "$marker" ]]; then
    # Guards against CHUNKMILL_PSEUDO_DIR pointing somewhere else by mistake.
    echo "pseudo-cluster: $data was not made by this script (no $(basename "$marker")); not deleting it" >&2
    exit 1
  fi
  if ! $yes; then
    echo "pseudo-cluster: this deletes $data: HDFS, logs, everything. Run: scripts/pseudo-cluster.sh format --yes" >&2
    exit 2
  fi
  rm -rf "$data"
  echo "pseudo-cluster: deleted $data; the next start formats a new HDFS"
}

"$command"
