#!/usr/bin/env bash
# Staging throughput of `hca dss upload` against aws-cli and rclone, to the local DSS's S3 endpoint
# (its staging bucket), in the same run, on the same files:
#  (1) 1 GiB as 8 x 128 MiB files, (2) 2,000 x 16 KiB files.
# hca runs with --stage-only: listing, the four checksums (sha256, sha1, s3_etag, crc32c) in one
# pass over each file, and the upload with hca-dss-* metadata; nothing is registered. aws-cli and
# rclone compute their own MD5s and SigV4 payload hashes. Whole-command wall time, start-up included;
# every tool reads the files from the page cache (they were just written). Peak RSS from /usr/bin/time.
# Usage: bench/upload.sh   (env: RUNS=5 PARALLEL=<hca --parallel, default its own> KEEP=0)
# Needs: java, aws-cli, python3, jq, GNU time; rclone (installed with apt-get when missing and allowed,
# else skipped with a note). Prints MB/s and files/s per tool and hca's ratio to the faster one.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
source bench/lib.sh
bench_workdir upload
data="$work/data"

if ! command -v rclone >/dev/null 2>&1; then
  apt-get install -y rclone >/dev/null 2>&1 || echo "note: rclone is not installed; it is left out" >&2
fi
have_rclone=0
command -v rclone >/dev/null 2>&1 && have_rclone=1

./hca --version >/dev/null   # builds the jar if needed, outside the timings
echo "writing the test files..." >&2
mkdir -p "$work/big" "$work/small"
for i in $(seq 1 8); do
  head -c $((128 * 1024 * 1024)) /dev/urandom >"$work/big/part-$i.bin"
done
python3 - "$work/small" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(2000):
    sub = os.path.join(d, f"d{i // 200:02d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"f{i:04d}.dat"), "wb") as f:
        f.write(os.urandom(16 * 1024))
PY

start_local_dss "$data" "$work/server.log"
endpoint=$(jq -r .s3.endpoint "$data/endpoints.json")
key=$(jq -r .s3.access_key "$data/endpoints.json")
secret=$(jq -r .s3.secret_key "$data/endpoints.json")
bucket=$(jq -r .s3.staging_bucket "$data/endpoints.json")
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" GOOGLE_APPLICATION_CREDENTIALS="$data/credentials/local-user.json"
echo "local DSS at $api, S3 endpoint $endpoint" >&2
# The first upload after a build records hca's class-data archive (see ./hca): outside the timings,
# like the build itself.
mkdir -p "$work/warm-up" && echo warm-up >"$work/warm-up/a.txt"
./hca --dss-url "$api" dss upload --src-dir "$work/warm-up" --replica aws --staging-bucket "$bucket" \
  --endpoints "$data/endpoints.json" --stage-only --no-progress --report "$work/report-warm-up.tsv" >/dev/null

aws_env=(env -u AWS_CA_BUNDLE AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret"
  AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials")
rclone_env=(env -u AWS_CA_BUNDLE RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other
  RCLONE_CONFIG_BENCH_ENDPOINT="$endpoint" RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$key"
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$secret" RCLONE_CONFIG_BENCH_REGION=us-east-1
  RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true RCLONE_CONFIG=/dev/null)
hca_parallel=()
[[ -n "${PARALLEL:-}" ]] && hca_parallel=(--parallel "$PARALLEL")

timed() { # runs a command quietly; prints its wall seconds and peak RSS in KiB
  local t0 t1
  sync   # the previous run's writes go to disk now, not during this run
  t0=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/last.rss" "$@" >"$work/last.out" 2>"$work/last.err" \
    || { cat "$work/last.err" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$(python3 -c "print($t1 - $t0)") $(tail -1 "$work/last.rss")"
}
run_tool() { # $1 = tool, $2 = source folder, $3 = run id; prints seconds
  case "$1" in
    hca) timed ./hca --dss-url "$api" dss upload --src-dir "$2" --replica aws --staging-bucket "$bucket" \
      --endpoints "$data/endpoints.json" --stage-only --no-progress --report "$work/report-$3.tsv" "${hca_parallel[@]}" ;;
    aws) timed "${aws_env[@]}" aws --endpoint-url "$endpoint" s3 cp --recursive --only-show-errors "$2" "s3://$bucket/aws-$3/" ;;
    rclone) timed "${rclone_env[@]}" rclone copy "$2" "bench:$bucket/rclone-$3/" ;;
  esac
}

tools=(hca aws)
[[ $have_rclone == 1 ]] && tools+=(rclone)
: >"$work/times"
for set in big small; do
  for r in $(seq "$RUNS"); do
    for t in "${tools[@]}"; do   # interleaved, so that a busy moment of the machine hits every tool
      read -r s rss < <(run_tool "$t" "$work/$set" "$set-$t-$r") || true
      [[ -n "${rss:-}" ]] || { echo "$t failed on $set run $r" >&2; exit 1; }
      echo "$set $t $s $rss" >>"$work/times"
      echo "  $set run $r $t: ${s}s, peak RSS $((rss / 1024)) MiB" >&2
    done
  done
done

python3 - "$work/times" "$RUNS" "$have_rclone" <<'PY'
import sys, statistics
lines = [l.split() for l in open(sys.argv[1])]
runs, have_rclone = int(sys.argv[2]), sys.argv[3] == "1"
sets = {"big": ("1 GiB as 8 x 128 MiB", 8, 8 * 128 * 2**20), "small": ("2,000 x 16 KiB", 2000, 2000 * 16 * 1024)}
print(f"upload staging benchmark: {runs} runs per tool, whole command, to the local S3 endpoint;")
print("median and, in brackets, the best run (the machine is shared: the best is the least disturbed)")
for s, (title, files, size) in sets.items():
    med, best, rss = {}, {}, {}
    for tool in ("hca", "aws", "rclone"):
        rows = [x for x in lines if x[0] == s and x[1] == tool]
        if rows:
            med[tool] = statistics.median(float(x[2]) for x in rows)
            best[tool] = min(float(x[2]) for x in rows)
            rss[tool] = max(int(x[3]) for x in rows) / 1024
    print(f"  {title}:")
    for tool in med:
        m, b = med[tool], best[tool]
        print(f"    {tool:7s} {size / 1e6 / m:7.1f} MB/s [{size / 1e6 / b:7.1f}] {files / m:7.1f} files/s [{files / b:7.1f}]"
              f"  {m:.2f} s [{b:.2f} s], peak RSS {rss[tool]:.0f} MiB")
    refs = [k for k in med if k != "hca"]
    fm = min(refs, key=med.get)
    fb = min(refs, key=best.get)
    print(f"    hca / faster reference: {med[fm] / med['hca']:.2f}x ({fm}, medians) [{best[fb] / best['hca']:.2f}x ({fb}, best runs)]")
if not have_rclone:
    print("  (rclone not installed: compared with aws-cli only)")
PY
