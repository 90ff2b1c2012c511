# Sourced by the scripts that need a running sandbox (bash). start_sandbox ARGS... starts
# `java -jar target/passport-customers-cli.jar sandbox --port 0 ARGS...` in the background, waits for
# the base URL it prints first, and sets SANDBOX_URL; the sandbox is stopped when the script exits, or
# earlier by stop_sandbox.

start_sandbox() {
  SANDBOX_LOG=$(mktemp)
  java -jar target/passport-customers-cli.jar sandbox --port 0 "$@" > "$SANDBOX_LOG" 2>&1 &
  SANDBOX_PID=$!
  trap stop_sandbox EXIT
  for _ in $(seq 1 200); do
    grep -q '^http://' "$SANDBOX_LOG" && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$SANDBOX_LOG" >&2; return 1; }
    sleep 0.1
  done
  SANDBOX_URL=$(grep -m1 '^http://' "$SANDBOX_LOG") \
    || { echo "the sandbox printed no URL" >&2; cat "$SANDBOX_LOG" >&2; return 1; }
}

stop_sandbox() {
  if [ -n "${SANDBOX_PID:-}" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    rm -f "$SANDBOX_LOG"
    SANDBOX_PID=
  fi
}
