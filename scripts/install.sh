#!/usr/bin/env bash
# Sets up everything the suite needs on a Debian machine with Node.js, then says what it chose:
#   - Debian packages: docker.io, docker-compose (unless `docker compose` v2 exists), debootstrap, chromium,
#     openssl (the nginx stack's TLS certificate is made at run time), wrk (the load run's yardstick)
#   - with --compose-v2 (or HTTP_TEST_COMPOSE=v2): Compose v2 as Docker's CLI plugin, from Debian 13's
#     docker-compose package (a static binary that runs on Debian 12 too), where `docker compose` is missing
#   - a running Docker engine (starts dockerd in the background if none answers; see HTTP_TEST_DOCKERD_PIDFILE)
#   - npm dependencies (npm ci)
#   - images: with HTTP_TEST_RUNTIME=trixie or bookworm, that offline Debian base image
#     (compose/base-image/build.sh); otherwise the official python:3.12-slim and nginx:alpine when they can be
#     pulled, else the trixie base image. The choice is recorded in ./http-test.env for `npx playwright test`.
# Safe to run again: every step checks first.
#   usage: bash scripts/install.sh [--compose-v2]
set -euo pipefail
cd "$(dirname "$0")/.."

compose_v2="${HTTP_TEST_COMPOSE:-}"
for arg in "$@"; do
  case "$arg" in
    --compose-v2) compose_v2=v2 ;;
    *) printf 'install: unknown option %s: use --compose-v2 (or none)\n' "$arg" >&2; exit 2 ;;
  esac
done
runtime="${HTTP_TEST_RUNTIME:-}"
case "$runtime" in
  ""|trixie|bookworm) ;;
  *) printf 'install: HTTP_TEST_RUNTIME="%s" is not a runtime: use trixie or bookworm\n' "$runtime" >&2; exit 2 ;;
esac

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: run this script as root"
  sudo_cmd=(sudo)
fi

# --- Debian packages -------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then missing+=(docker-compose); fi
command -v debootstrap >/dev/null || missing+=(debootstrap)
# Debian's Chromium, unless one is chosen (HTTP_TEST_CHROMIUM) or Playwright's own is installed (where it can be downloaded).
if ! command -v chromium >/dev/null && [ -z "${HTTP_TEST_CHROMIUM:-}" ] && ! ls -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
  missing+=(chromium)
fi
# debootstrap checks Debian's signatures with Debian's keyring (absent on Ubuntu).
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
command -v openssl >/dev/null || missing+=(openssl)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
# Debian 13's package index, read for --compose-v2, is xz-compressed.
[ "$compose_v2" != v2 ] || command -v xz >/dev/null || missing+=(xz-utils)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "Debian packages: present"
fi

# --- Compose v2 as Docker's CLI plugin (only when asked) ----------------------------------------------
# Debian 12 packages Compose v1 only; Debian 13's docker-compose .deb is Compose v2, one static binary.
if [ "$compose_v2" = v2 ] && ! docker compose version >/dev/null 2>&1; then
  mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  arch=$(dpkg --print-architecture)
  say "Compose v2: reading Debian 13's package index for docker-compose ($arch)"
  deb_path=$(curl -fsSL "$mirror/dists/trixie/main/binary-$arch/Packages.xz" | xz -dc |
    awk '/^Package: /{p=($2=="docker-compose")} p&&/^Filename: /&&!found{print $2; found=1}') ||
    die "could not read Debian 13's package index at $mirror: check the mirror (DEBIAN_MIRROR), or run without --compose-v2"
  [ -n "$deb_path" ] || die "no docker-compose in Debian 13's index at $mirror: install Compose v2 by hand, or run without --compose-v2"
  work=$(mktemp -d /tmp/http-test-compose.XXXXXX)
  curl -fsSL -o "$work/compose.deb" "$mirror/$deb_path" || { rm -rf "$work"; die "could not download $mirror/$deb_path"; }
  dpkg-deb -x "$work/compose.deb" "$work/root"
  binary=$(find "$work/root" -type f -name docker-compose -perm -u+x -print -quit)
  [ -n "$binary" ] || { rm -rf "$work"; die "$deb_path holds no docker-compose binary"; }
  "${sudo_cmd[@]}" install -D -m 755 "$binary" /usr/local/lib/docker/cli-plugins/docker-compose
  rm -rf "$work"
  docker compose version >/dev/null 2>&1 || die "Compose v2 was installed to /usr/local/lib/docker/cli-plugins but 'docker compose' does not run it"
  say "Compose v2: $(docker compose version --short) installed as /usr/local/lib/docker/cli-plugins/docker-compose"
fi
# --- Docker engine ---------------------------------------------------------------------------------
pidfile="${HTTP_TEST_DOCKERD_PIDFILE:-/tmp/http-test-dockerd.pid}"
if docker info >/dev/null 2>&1; then
  say "Docker engine: running"
else
  say "Docker engine: not running, starting dockerd in the background (log /tmp/http-test-dockerd.log)"
  "${sudo_cmd[@]}" bash -c "nohup dockerd >/tmp/http-test-dockerd.log 2>&1 & echo \$! > '$pidfile'"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || die "dockerd did not come up: see /tmp/http-test-dockerd.log"
  say "Docker engine: started (pid $(cat "$pidfile"); stop it with: kill \$(cat $pidfile))"
fi

# --- npm dependencies ------------------------------------------------------------------------------
say "npm ci"
npm ci --no-audit --no-fund --loglevel=error

# --- images ----------------------------------------------------------------------------------------
python_image="${HTTP_TEST_PYTHON_IMAGE:-python:3.12-slim}"
nginx_image="${HTTP_TEST_NGINX_IMAGE:-nginx:alpine}"
# compose/.env: the images for compose commands typed by hand (docs/running.md); each suite run rewrites it
# with the images it used (lib/run/compose-env.ts).
write_compose_env() {
  printf '# Written by scripts/install.sh and by each run of the suite: the images compose commands typed by hand use.\nHTTP_TEST_PYTHON_IMAGE=%s\nHTTP_TEST_NGINX_IMAGE=%s\n' "$1" "$2" > compose/.env
}
have_or_pull() { docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1; }
record_runtime() {
  cat > http-test.env <<ENV
# Written by scripts/install.sh: every stack runs on the offline Debian base image of this runtime
# (trixie: Python 3.13, Flask 3.1, Gunicorn 23, nginx 1.26, squid 6; bookworm: Python 3.11, Flask 2.2,
# Gunicorn 20.1, nginx 1.22, squid 5.7). HTTP_TEST_RUNTIME=... in the environment wins for one run.
HTTP_TEST_RUNTIME=$1
${compose_v2:+HTTP_TEST_COMPOSE=$compose_v2}
ENV
  say "wrote http-test.env (HTTP_TEST_RUNTIME=$1${compose_v2:+, HTTP_TEST_COMPOSE=$compose_v2})"
}
if [ -n "$runtime" ]; then
  say "images: the $runtime runtime (HTTP_TEST_RUNTIME)"
  bash compose/base-image/build.sh "$runtime"
  record_runtime "$runtime"
  write_compose_env "http-test/base:$runtime" "http-test/base:$runtime"
elif [ -n "${HTTP_TEST_PYTHON_IMAGE:-}${HTTP_TEST_NGINX_IMAGE:-}" ]; then
  say "images: chosen by the environment ($python_image, $nginx_image)"
  write_compose_env "$python_image" "$nginx_image"
  # A runtime an earlier install recorded would stand beside them: the environment's choice alone counts.
  rm -f http-test.env
  [ -z "$compose_v2" ] || printf 'HTTP_TEST_COMPOSE=%s\n' "$compose_v2" > http-test.env
elif have_or_pull "$python_image" && have_or_pull "$nginx_image"; then
  say "images: official $python_image and $nginx_image"
  write_compose_env "$python_image" "$nginx_image"
  rm -f http-test.env
  [ -z "$compose_v2" ] || printf 'HTTP_TEST_COMPOSE=%s\n' "$compose_v2" > http-test.env
else
  say "images: $python_image / $nginx_image cannot be pulled here: using the offline trixie runtime (Debian 13)"
  bash compose/base-image/build.sh trixie
  record_runtime trixie
  write_compose_env http-test/base:trixie http-test/base:trixie
fi
say "ready: run the suite with  npx playwright test   (HTTP_TEST_RUNTIME=bookworm npx playwright test: Debian 12's versions)"
