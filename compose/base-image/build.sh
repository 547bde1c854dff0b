#!/usr/bin/env bash
# Builds an offline base image: Debian (bookworm = Debian 12, or trixie = Debian 13) with Flask, Gunicorn,
# gevent, nginx, squid, openssl and curl (the list: packages, beside this file), made with debootstrap from
# Debian's package mirror and `docker import`ed, for machines that cannot pull python:3.12-slim or nginx:alpine
# from a registry. Cached by tag and package list: a second run returns at once.
#   usage: bash compose/base-image/build.sh [RUNTIME]    RUNTIME: trixie or bookworm
#          (default $HTTP_TEST_RUNTIME, else trixie; the tag is http-test/base:RUNTIME unless HTTP_TEST_BASE_TAG)
set -euo pipefail
runtime="${1:-${HTTP_TEST_RUNTIME:-trixie}}"
case "$runtime" in
  bookworm | trixie) ;;
  *) echo "build-base-image: unknown runtime \"$runtime\": use bookworm or trixie" >&2; exit 2 ;;
esac
# The packages, one line per runtime, in the file beside this one (the suite reads it too).
packages_file="$(dirname "$0")/packages"
packages=$(sed -n "s/^$runtime:[[:space:]]*//p" "$packages_file" | tr -s ' \t' '  ' | sed 's/ *$//')
[ -n "$packages" ] || { echo "build-base-image: $packages_file has no line \"$runtime: PACKAGE ...\"" >&2; exit 2; }
tag="${HTTP_TEST_BASE_TAG:-http-test/base:$runtime}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

docker info >/dev/null 2>&1 || { echo "build-base-image: Docker is not reachable: start dockerd (or run scripts/install.sh)" >&2; exit 1; }
# An image made from another package list (an older checkout's, or none recorded) is made again.
present=$(docker image inspect --format '{{index .Config.Labels "http-test.packages"}}' "$tag" 2>/dev/null) && {
  if [ "$present" = "$packages" ]; then
    echo "base image $tag: present (cached)"
    exit 0
  fi
  echo "base image $tag: made from other packages (${present:-none recorded}): making it again"
  stale=$(docker image inspect --format '{{.Id}}' "$tag")
}
command -v debootstrap >/dev/null || { echo "build-base-image: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
[ -e "/usr/share/debootstrap/scripts/$runtime" ] || {
  echo "build-base-image: this debootstrap does not know $runtime: apt-get install -y debootstrap (a newer one)" >&2; exit 1; }

root=$(mktemp -d /tmp/http-test-base.XXXXXX)
log="$root.log"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root" "$log"; }
trap cleanup EXIT
fail() { echo "build-base-image: $1 failed, last lines of its log:" >&2; tail -n 15 "$log" >&2; exit 1; }
echo "base image $tag: debootstrap $runtime, then $packages (about a minute)"
start=$SECONDS
# Two steps, not --include: bookworm's debootstrap cannot resolve trixie's systemd pre-dependency
# (libsystemd-shared, pulled in through squid) from --include; apt inside the new root can.
debootstrap --variant=minbase "$runtime" "$root" "$mirror" >"$log" 2>&1 || fail "debootstrap $runtime"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Packages must not start their services inside the build root (the stacks start them under compose).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
# shellcheck disable=SC2086 # the package list is a word list on purpose
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages" >>"$log" 2>&1 || fail "apt-get install"
umount "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL http-test.runtime=$runtime" \
  --change "LABEL http-test.packages=\"$packages\"" \
  --change 'CMD ["/bin/bash"]' \
  - "$tag" >/dev/null
# The old image, untagged now: removed unless a container still uses it.
[ -n "${stale:-}" ] && docker image rm "$stale" >/dev/null 2>&1 || true
echo "base image $tag: built in $((SECONDS - start)) s"
