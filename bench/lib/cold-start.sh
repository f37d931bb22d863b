# The shell half of the cold-start benches (bench/cold-start, bench/gcp-cold-start,
# bench/azure-cold-start), sourced by each: a work folder cleaned up at exit with every background
# server stopped, waiting for a server's ready file, and writing the spec that common's
# ColdStartHarness (its test-jar) runs: the interleaved runs, the medians, the same-run ratios,
# the loaded-class counts and which JVM ran with which flags.

WORK="$(mktemp -d)"
BENCH_PIDS=()
SPEC="$WORK/spec"
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

# RUNS: at least 5.
bench_runs() {
  if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || (( RUNS < 5 )); then
    echo "RUNS must be a number, at least 5" >&2
    exit 2
  fi
}

# Starts a server in the background (its output to LOG) and remembers it for the cleanup.
#   bench_start LOG COMMAND...
bench_start() {
  local log="$1"
  shift
  "$@" > "$log" 2>&1 &
  BENCH_PIDS+=("$!")
  LAST_PID="$!"
}

# Waits for FILE, written by the process PID (whose output is LOG), for at most SECONDS.
await_file() {
  local file="$1" pid="$2" log="$3" what="$4" seconds="$5"
  for _ in $(seq 1 $(( seconds * 10 ))); do
    [[ -f "$file" ]] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      echo "$what did not start" >&2
      exit 1
    fi
    sleep 0.1
  done
  cat "$log" >&2
  echo "$what did not start in $seconds s" >&2
  exit 1
}

# Spec lines: spec KEY VALUE (one line each; values may hold spaces).
spec() {
  printf '%s %s\n' "$1" "$2" >> "$SPEC"
}

# spec_args ARG...: the variant's command, one arg line each.
spec_args() {
  local arg
  for arg in "$@"; do
    spec arg "$arg"
  done
}

# Runs the harness on the spec; HARNESS_CP holds common's test classes. With BENCH_CLASS_LOGS set
# to a folder, each variant's class-load log (-Xlog:class+load) is copied there.
run_harness() {
  echo "machine before the runs: $(uptime)" >&2
  "${JAVA:-java}" -cp "$HARNESS_CP" dev.jitgate.testing.coldstart.ColdStartHarness "$SPEC" "$WORK/runs"
  if [[ -n "${BENCH_CLASS_LOGS:-}" ]]; then
    mkdir -p "$BENCH_CLASS_LOGS"
    cp "$WORK"/runs/*.classes "$BENCH_CLASS_LOGS/"
  fi
}
