#!/usr/bin/env bash
# Download throughput against a local DSS, all in one run, with curl and rclone as references:
#  (a) 8 files x 256 MiB and (b) 2,000 files x 16 KiB, fetched
#      - by `hca dss download-manifest` (every sha256 verified, through the DSS's redirects),
#      - by one `curl --parallel` process: (a) on presigned URLs straight from the S3 endpoint,
#        (b) through the DSS's redirect (curl -L on GET /files),
#      - by rclone (S3 backend, --transfers 8 for (a), 32 for (b)) from the same S3 endpoint.
# Also timed: bench/FetchFloor.java, a Java client doing nothing but GET, sha256 and write, for
# what any JVM-based tool can reach here.
# The server is warmed up first (one untimed curl pass), then the tools take turns, RUNS times, each
# into a fresh folder after a sync, so that no tool pays for another's writes or a cold server.
# Prints the median MB/s and files/s of each, peak RSS of hca, and hca's ratio to curl.
# Usage: bench/download.sh   (env: BIG=8 BIG_SIZE=256M SMALL=2000 SMALL_SIZE=16K PARALLEL_BIG=8 PARALLEL_SMALL=32 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BIG=${BIG:-8}
BIG_SIZE=${BIG_SIZE:-256M}
SMALL=${SMALL:-2000}
SMALL_SIZE=${SMALL_SIZE:-16K}
PARALLEL_BIG=${PARALLEL_BIG:-8}
PARALLEL_SMALL=${PARALLEL_SMALL:-32}
RUNS=${RUNS:-3}
bench_workdir download
have_rclone=1
command -v rclone >/dev/null 2>&1 || have_rclone=0

./hca --version >/dev/null
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"   # Java reads the config folder from XDG_CONFIG_HOME, not HOME
mkdir -p "$work/floor"
javac -d "$work/floor" bench/FetchFloor.java

# manifest_of API -> TSV manifest of every data file of every bundle
manifest_of() {
  local api="$1"
  printf 'bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\n'
  ./hca --dss-url "$api" dss post-search --replica aws --output-format raw --es-query '{"query": {"match_all": {}}}' |
    jq -r '.results[] | (.bundle_fqid | split(".")) as $f | .metadata.manifest.files[] | select(.indexed == false) |
      [$f[0], ($f[1:] | join(".")), .name, .uuid, .version, .sha256, (.size | tostring)] | @tsv'
}

# seconds_of CMD...: wall seconds of a command
seconds_of() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}

run_phase() { # name data-dir seed files parallel curl-mode
  local name="$1" data="$2" seed="$3" n="$4" par="$5" mode="$6"
  echo "[$name] seeding $seed ..." >&2
  start_local_dss "$data" "$work/$name.log" --seed "$seed"
  local m="$work/$name.tsv"
  manifest_of "$api" >"$m"
  local bytes
  bytes=$(awk -F'\t' 'NR > 1 { s += $7 } END { printf "%d", s }' "$m")
  # curl: one process, --parallel; the config names the output folder OUT, replaced per run
  local cfg="$work/$name.curl" list="$work/$name.list"
  : >"$cfg"
  : >"$list"
  tail -n +2 "$m" | while IFS=$'\t' read -r bu bv fname fu fv sha size; do
    if [[ "$mode" == presigned ]]; then
      url=$(curl -s -o /dev/null -w '%{redirect_url}' "$api/files/$fu?replica=aws&version=$fv")
    else
      url="$api/files/$fu?replica=aws&version=$fv"
    fi
    printf 'url = "%s"\noutput = "OUT/%s"\n' "$url" "$sha" >>"$cfg"
    printf '%s\t%s\n' "$url" "$sha" >>"$list"
  done
  # rclone: the same blobs from the S3 endpoint
  local s3 ak sk
  if [[ $have_rclone == 1 ]]; then
    s3=$(jq -r .s3.endpoint "$data/endpoints.json")
    ak=$(jq -r .s3.access_key "$data/endpoints.json")
    sk=$(jq -r .s3.secret_key "$data/endpoints.json")
    tail -n +2 "$m" | while IFS=$'\t' read -r bu bv fname fu fv sha size; do
      curl -s -I "$api/files/$fu?replica=aws&version=$fv" | tr -d '\r' |
        awk -v s="$sha" 'tolower($1) == "x-dss-sha1:" {sha1=$2} tolower($1) == "x-dss-s3-etag:" {e=$2} tolower($1) == "x-dss-crc32c:" {c=$2} END {print "blobs/" s "." sha1 "." e "." c}'
    done >"$work/$name.keys"
  fi
  run_hca() {
    local out="$1"
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f "%M" -o "$out.rss" ./hca --dss-url "$api" dss download-manifest \
        --manifest "$m" --replica aws --download-dir "$out" --parallel "$par"
    else
      ./hca --dss-url "$api" dss download-manifest --manifest "$m" --replica aws --download-dir "$out" --parallel "$par"
    fi
  }
  run_curl() {
    mkdir -p "$1"
    sed "s#OUT/#$1/#" "$cfg" >"$1.cfg"
    curl -sfL --parallel --parallel-max "$par" --config "$1.cfg"
  }
  run_floor() {
    java -XX:+UseSerialGC -cp "$work/floor" FetchFloor "$list" "$par" "$1"
  }
  run_rclone() {
    env -u AWS_CA_BUNDLE RCLONE_CONFIG_B_TYPE=s3 RCLONE_CONFIG_B_PROVIDER=Other \
      RCLONE_CONFIG_B_ENDPOINT="$s3" RCLONE_CONFIG_B_ACCESS_KEY_ID="$ak" RCLONE_CONFIG_B_SECRET_ACCESS_KEY="$sk" \
      RCLONE_CONFIG_B_FORCE_PATH_STYLE=true rclone copy b:dss-aws "$1" --files-from "$work/$name.keys" \
      --transfers "$par" --checkers "$par"
  }
  # Untimed: one pass of curl warms the server (its JIT, the page cache of its blobs) for everyone,
  # and one hca run of a single row records hca's class-data archive if this build has none yet.
  run_curl "$work/$name-warm" >/dev/null 2>&1
  head -2 "$m" >"$work/$name-one.tsv"
  ./hca --dss-url "$api" dss download-manifest --manifest "$work/$name-one.tsv" --replica aws \
    --download-dir "$work/$name-warm-hca" >/dev/null 2>&1
  rm -rf "$work/$name-warm" "$work/$name-warm-hca"
  local tools=(hca curl floor)
  [[ $have_rclone == 1 ]] && tools+=(rclone)
  : >"$work/$name.times"
  for r in $(seq 1 "$RUNS"); do
    for tool in "${tools[@]}"; do
      sync   # the previous run's writes reach the disk outside anyone's timing
      local out="$work/$name-$tool-$r" t
      t=$(seconds_of "run_$tool" "$out")
      echo "$tool $t $( [[ -f $out.rss ]] && cat "$out.rss" || echo 0)" >>"$work/$name.times"
    done
  done
  stop_local_dss "$data"
  rm -rf "$work/$name"-*-[0-9]*
  python3 - "$name" "$n" "$bytes" "$mode" "$work/$name.times" <<'PY'
import statistics, sys
name, n, b, mode, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
runs = {}
rss = []
for line in open(times):
    tool, t, kb = line.split()
    runs.setdefault(tool, []).append(float(t))
    if tool == "hca" and int(kb) > 0:
        rss.append(int(kb) // 1024)
mb = b / 1e6
med = {tool: statistics.median(ts) for tool, ts in runs.items()}
print(f"({name}) {n} files, {mb:.0f} MB; curl {'on presigned URLs' if mode == 'presigned' else 'through the DSS redirect'}; "
      f"median of {len(runs['hca'])} interleaved runs")
labels = {"hca": "hca dss download-manifest", "curl": "curl --parallel", "rclone": "rclone copy (S3)",
          "floor": "bench/FetchFloor.java"}
for tool, t in med.items():
    spread = ", ".join(f"{x:.2f}" for x in runs[tool])
    print(f"  {labels[tool]:28s} {mb / t:8.1f} MB/s  {n / t:8.1f} files/s  ({t:.2f} s; runs {spread})")
print(f"  hca / curl: {med['curl'] / med['hca']:.2f} (MB/s and files/s ratio); hca peak RSS {max(rss) if rss else 'n/a'} MiB")
print(f"  FetchFloor / curl: {med['curl'] / med['floor']:.2f} (what a Java client with nothing but GET, sha256 and write reaches)")
PY
}

run_phase a "$work/a" "synthetic:bundles=$BIG,files=1,size=$BIG_SIZE" "$BIG" "$PARALLEL_BIG" presigned
run_phase b "$work/b" "synthetic:bundles=$SMALL,files=1,size=$SMALL_SIZE" "$SMALL" "$PARALLEL_SMALL" redirect
