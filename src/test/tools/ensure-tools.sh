#!/usr/bin/env bash
# The programs the test suite talks to besides the JVM: independent clients of the local S3 and GCS
# endpoints (aws, rclone, gcloud), a browser for the status page (chromium) and a PostgreSQL server
# for the shared ledger. `./mvnw verify` runs this first; it installs what is missing from Debian's
# packages when it can (as root, or with password-less sudo) and otherwise names what to install.
# No test skips for want of a tool: a missing one stops the build here, before any test runs.
set -uo pipefail

has_chromium() { [[ -x /usr/bin/chromium || -x /usr/bin/chromium-browser ]]; }
has_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
has() { command -v "$1" >/dev/null 2>&1; }

missing() {
  local m=()
  has_chromium || m+=(chromium)
  has rclone || m+=(rclone)
  has aws || m+=(awscli)
  has gcloud || m+=(google-cloud-cli)
  has_postgres || m+=(postgresql)
  echo "${m[@]}"
}

need=($(missing))
if ((${#need[@]} == 0)); then
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  if has sudo && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    sudo=(none)
  fi
fi

if [[ "${sudo[0]:-}" != none ]] && has apt-get; then
  echo "test tools: installing ${need[*]} from Debian's packages" >&2
  "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 || true
  # one package at a time, so that one unavailable package does not keep the others out
  for p in "${need[@]}"; do
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$p" \
      >/dev/null 2>&1 || echo "test tools: apt-get install $p failed" >&2
  done
  need=($(missing))
fi

if ((${#need[@]})); then
  echo "test tools: the tests need ${need[*]}, which could not be installed here." >&2
  echo "test tools: install them (Debian: sudo apt-get install ${need[*]}), then run ./mvnw verify again." >&2
  exit 1
fi
echo "test tools: ready" >&2
