#!/usr/bin/env bash
# Builds the offline base image: Debian bookworm with Flask, Gunicorn, nginx, squid, openssl and curl,
# made with debootstrap from Debian's package mirror and `docker import`ed, for machines that cannot pull
# python:3.12-slim or nginx:alpine from a registry. Cached by tag: a second run returns at once.
#   usage: bash compose/base-image/build.sh [TAG]      (default http-test/base:bookworm)
set -euo pipefail
tag="${1:-${HTTP_TEST_BASE_TAG:-http-test/base:bookworm}}"
packages="python3-flask,gunicorn,nginx-light,squid,openssl,curl,ca-certificates"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

docker info >/dev/null 2>&1 || { echo "build-base-image: Docker is not reachable: start dockerd (or run scripts/install.sh)" >&2; exit 1; }
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag: present (cached)"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "build-base-image: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

root=$(mktemp -d /tmp/http-test-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "base image $tag: debootstrap bookworm ($packages), about a minute"
start=$SECONDS
debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  echo "build-base-image: debootstrap failed, last lines of $root.log:" >&2; tail -n 15 "$root.log" >&2; exit 1; }
# The services are started by compose, never by the image's init scripts.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$tag" >/dev/null
rm -f "$root.log"
echo "base image $tag: built in $((SECONDS - start)) s"
