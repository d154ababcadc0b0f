# Shared by the benchmark scripts: start a local DSS in the background and wait for it.
# start_local_dss DATA_DIR LOG_FILE [local-dss options...]; sets $dss_pid and $api.
start_local_dss() {
  local data="$1" log="$2"
  shift 2
  ./hca local-dss --data "$data" "$@" >"$log" 2>&1 &
  dss_pid=$!
  until grep -q 'local DSS API at' "$log"; do
    kill -0 "$dss_pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.5
  done
  api=$(grep -o 'http://[^ ]*' "$log" | head -1)
}

# stop_local_dss DATA_DIR: stops the server started on that folder.
stop_local_dss() {
  pkill -f "local-dss --data $1" 2>/dev/null || true
  [[ -n "${dss_pid:-}" ]] && wait "$dss_pid" 2>/dev/null || true
}

# bench_workdir NAME: sets $work to a new folder /tmp/hca-bench-NAME.XXXXXX; at exit, every local
# DSS started on a folder inside it is stopped and the folder is removed (KEEP=1 keeps it).
bench_workdir() {
  work=$(mktemp -d "/tmp/hca-bench-$1.XXXXXX")
  trap 'stop_local_dss "$work"; [[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"' EXIT
}
