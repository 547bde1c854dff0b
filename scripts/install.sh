#!/usr/bin/env bash
# Sets up everything the suite needs on a Debian machine with Node.js, then says what it chose:
#   - Debian packages: docker.io, docker-compose (unless `docker compose` v2 exists), debootstrap, chromium,
#     openssl (the nginx stack's TLS certificate is made at run time), wrk (the load run's yardstick)
#   - a running Docker engine (starts dockerd in the background if none answers; see HTTP_TEST_DOCKERD_PIDFILE)
#   - npm dependencies (npm ci)
#   - images: the official python:3.12-slim and nginx:alpine when they can be pulled; otherwise the offline
#     base image (compose/base-image/build.sh), recorded in ./http-test.env so `npx playwright test` uses it.
# Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

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
command -v chromium >/dev/null || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "Debian packages: present"
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
have_or_pull() { docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1; }
if [ -n "${HTTP_TEST_PYTHON_IMAGE:-}${HTTP_TEST_NGINX_IMAGE:-}" ]; then
  say "images: chosen by the environment ($python_image, $nginx_image)"
elif have_or_pull "$python_image" && have_or_pull "$nginx_image"; then
  say "images: official $python_image and $nginx_image"
  rm -f http-test.env
else
  say "images: $python_image / $nginx_image cannot be pulled here: using the offline base image"
  bash compose/base-image/build.sh
  cat > http-test.env <<ENV
# Written by scripts/install.sh: this machine cannot pull the official images, so every stack runs on the
# offline Debian base image (Flask 2.2, Gunicorn 20.1, nginx 1.22). Delete this file to use the official ones.
HTTP_TEST_PYTHON_IMAGE=http-test/base:bookworm
HTTP_TEST_NGINX_IMAGE=http-test/base:bookworm
ENV
  say "wrote http-test.env (HTTP_TEST_PYTHON_IMAGE and HTTP_TEST_NGINX_IMAGE = http-test/base:bookworm)"
fi
say "ready: run the suite with  npx playwright test"
