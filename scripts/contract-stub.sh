# Sourced by scripts/check-generated-clients.sh (bash). start_stub PACT_FILE starts pact-stub-server
# (from node_modules, after npm ci) on a free loopback port serving that contract, waits for the port it
# reports, and sets STUB_URL; the stub is stopped when the script exits, or earlier by stop_stub.

start_stub() {
  STUB_LOG=$(mktemp)
  # In a process group of its own: the node wrapper starts the native binary, which outlives a plain kill.
  PACT_DO_NOT_TRACK=true setsid node_modules/.bin/pact-stub-server --file "$1" --loglevel info > "$STUB_LOG" 2>&1 &
  STUB_PID=$!
  trap 'stop_stub; if declare -F stop_sandbox >/dev/null; then stop_sandbox; fi' EXIT
  local port=
  for _ in $(seq 1 200); do
    port=$(grep -o -m1 'Server started on port [0-9]*' "$STUB_LOG" | grep -o '[0-9]*$') && break
    kill -0 "$STUB_PID" 2>/dev/null || { cat "$STUB_LOG" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "pact-stub-server reported no port" >&2; cat "$STUB_LOG" >&2; return 1; }
  STUB_URL="http://127.0.0.1:$port/"
}

stop_stub() {
  if [ -n "${STUB_PID:-}" ]; then
    # node_modules/.bin/pact-stub-server is a node wrapper around the native binary: stop its whole group.
    kill -- "-$STUB_PID" 2>/dev/null || kill "$STUB_PID" 2>/dev/null || true
    wait "$STUB_PID" 2>/dev/null || true
    rm -f "$STUB_LOG"
    STUB_PID=
  fi
}
