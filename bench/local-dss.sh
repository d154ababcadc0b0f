#!/usr/bin/env bash
# Benchmark of the local DSS, with curl as the reference client:
#  (1) GET /files + the blob it redirects to, for FILES small files, by PARALLEL curl processes
#      (each reusing its connections), against presigned GETs of the same blobs straight from the
#      local S3 endpoint, in the same run;
#  (2) POST /search latency over BUNDLES synthetic bundles (median and p95 of RUNS calls per query).
# Usage: bench/local-dss.sh   (env: BUNDLES=10000 FILES=1000 PARALLEL=16 SIZE=16K RUNS=20 KEEP=0)
# Needs: java, curl, jq, python3. Prints a table and the ratio of (1) to the presigned baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLES=${BUNDLES:-10000}
FILES=${FILES:-1000}
PARALLEL=${PARALLEL:-16}
SIZE=${SIZE:-16K}
RUNS=${RUNS:-20}
source bench/lib.sh
bench_workdir dss
data="$work/data"

./hca --version >/dev/null   # builds the jar if needed, outside the timings
echo "seeding $BUNDLES synthetic bundles (1 data file of $SIZE each)..." >&2
start=$(date +%s.%N)
start_local_dss "$data" "$work/server.log" --seed "synthetic:bundles=$BUNDLES,files=1,size=$SIZE"
seeded=$(python3 -c "import time; print(round(time.time() - $start, 1))")
echo "server up with data after ${seeded}s at $api" >&2

# The data file of each of the first FILES bundles, and the presigned URL the DSS redirects to.
: >"$work/uuids"
url="$api/bundles/all?replica=aws&per_page=500"
while [[ -n "$url" && $(wc -l <"$work/uuids") -lt $FILES ]]; do
  curl -sf -D "$work/h" "$url" | jq -r '.bundles[] | .uuid + " " + .version' >>"$work/bundles"
  url=$(grep -i '^link:' "$work/h" | sed -E "s/^[Ll]ink: <([^>]+)>.*/\1/" | tr -d '\r' || true)
  head -n "$FILES" "$work/bundles" | while read -r u v; do
    curl -sf "$api/bundles/$u?replica=aws&version=$v" | jq -r '.bundle.files[] | select(.indexed == false) | .uuid'
  done >"$work/uuids"
done
head -n "$FILES" "$work/uuids" >"$work/uuids.n" && mv "$work/uuids.n" "$work/uuids"
n=$(wc -l <"$work/uuids")
while read -r u; do
  curl -s -o /dev/null -w '%{redirect_url}\n' "$api/files/$u?replica=aws"
done <"$work/uuids" >"$work/presigned"

# curl config files, one per process: url + output pairs.
split_into() { # $1 = list file, $2 = prefix, $3 = url template (%s = line)
  rm -f "$2".*
  local i=0
  while read -r line; do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$(printf "$3" "$line")" >>"$2.$((i % PARALLEL))"
    i=$((i + 1))
  done <"$1"
}
split_into "$work/uuids" "$work/dss" "$api/files/%s?replica=aws"
split_into "$work/presigned" "$work/direct" "%s"

run_parallel() { # $1 = prefix; prints seconds
  local t0 t1 pids=()
  t0=$(date +%s.%N)
  for f in "$1".*; do
    curl -sfL --config "$f" &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}
run_parallel "$work/direct" >/dev/null # warm both paths once
run_parallel "$work/dss" >/dev/null
t_dss=$(run_parallel "$work/dss")
t_direct=$(run_parallel "$work/direct")

# Search latency.
q_all='{"es_query": {}}'
q_readme='{"es_query": {"query": {"bool": {"must": [{"match": {"files.donor_organism_json.medical_history.smoking_history": "yes"}}, {"match": {"files.specimen_from_organism_json.genus_species.text": "Homo sapiens"}}, {"match": {"files.specimen_from_organism_json.organ.text": "brain"}}]}}}}'
q_range='{"es_query": {"query": {"bool": {"filter": [{"range": {"files.donor_organism_json.organism_age.value": {"gte": 30, "lt": 40}}}, {"term": {"files.donor_organism_json.biological_sex": "FEMALE"}}]}}}}'
latency() { # $1 = body; prints median p95 hits (ms)
  for _ in $(seq "$RUNS"); do
    curl -s -o "$work/sr" -w '%{time_total}\n' -X POST -H 'Content-Type: application/json' \
      --data "$1" "$api/search?replica=aws&per_page=100"
  done | python3 -c "
import sys, statistics, json
t = sorted(float(x) * 1000 for x in sys.stdin)
hits = json.load(open('$work/sr'))['total_hits']
print(f'{statistics.median(t):.1f} {t[int(0.95 * (len(t) - 1))]:.1f} {hits}')"
}
read -r all_med all_p95 all_hits <<<"$(latency "$q_all")"
read -r rd_med rd_p95 rd_hits <<<"$(latency "$q_readme")"
read -r rg_med rg_p95 rg_hits <<<"$(latency "$q_range")"

python3 - <<PY
n = $n
t_dss, t_direct = $t_dss, $t_direct
print(f"local DSS benchmark: {n} files of $SIZE, $PARALLEL curl processes; search over $BUNDLES bundles")
print(f"  GET /files + blob (DSS redirect) : {n / t_dss:8.0f} files/s  ({t_dss:.2f} s)")
print(f"  presigned GET from S3 (baseline) : {n / t_direct:8.0f} files/s  ({t_direct:.2f} s)")
print(f"  ratio DSS path / presigned        : {t_direct / t_dss:8.2f}")
print(f"  POST /search match_all    median {$all_med} ms  p95 {$all_p95} ms  ({$all_hits} hits)")
print(f"  POST /search README query median {$rd_med} ms  p95 {$rd_p95} ms  ({$rd_hits} hits)")
print(f"  POST /search range+term   median {$rg_med} ms  p95 {$rg_p95} ms  ({$rg_hits} hits)")
print(f"  seeding + start: {$seeded} s")
PY
