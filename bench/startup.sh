#!/usr/bin/env bash
# Start-up of the command line, against a local DSS on loopback: `hca --version` and
# `hca dss get-bundle` (a spec already cached, as after the first call). Reference: curl doing the
# same GET. Goals: under 0.3 s and under 0.8 s wall.
# Usage: bench/startup.sh   (env: RUNS=20). Uses hyperfine when installed, else a timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
source bench/lib.sh
bench_workdir startup

./hca --version >/dev/null   # builds the jar and the class-data-sharing archive if needed
start_local_dss "$work/data" "$work/server.log" --seed example
# a fresh config and spec cache, filled by the first call (Java finds the config folder from
# XDG_CONFIG_HOME or user.home, never from HOME)
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
bundle=0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01
get=(./hca --dss-url "$api" dss get-bundle --uuid "$bundle" --replica aws)
"${get[@]}" >/dev/null
curl_get=(curl -sf -o /dev/null "$api/bundles/$bundle?replica=aws")

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" \
    "./hca --version" "${get[*]}" "${curl_get[*]}" >&2
  python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["hca --version", "hca dss get-bundle", "curl GET /bundles"]
for name, x in zip(names, r):
    print(f"  {name:22s} mean {x['mean']*1000:7.1f} ms  min {x['min']*1000:7.1f} ms  max {x['max']*1000:7.1f} ms")
print(f"  get-bundle / curl      {r[1]['mean'] / r[2]['mean']:7.1f}x")
PY
else
  for cmd in "./hca --version" "${get[*]}" "${curl_get[*]}"; do
    python3 - "$RUNS" "$cmd" <<'PY'
import subprocess, sys, time, statistics
runs, cmd = int(sys.argv[1]), sys.argv[2].split()
t = []
for _ in range(runs):
    s = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True); t.append(time.perf_counter() - s)
print(f"  {' '.join(cmd[:4]):40s} mean {statistics.mean(t)*1000:7.1f} ms  min {min(t)*1000:7.1f} ms")
PY
  done
fi
