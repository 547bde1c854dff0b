#!/usr/bin/env bash
# Makes a throw-away TLS key and self-signed certificate (valid one day) and prints the line that points
# compose at them: for the nginx stack, localhost and 127.0.0.1; for the forward proxy's HTTPS origin, its
# host name. Keys are made at run time and never committed.
#   usage: eval "$(bash scripts/make-tls-cert.sh [DIR] [HOSTNAME])"     (DIR: a new temporary directory by default)
set -euo pipefail
command -v openssl >/dev/null || { echo "make-tls-cert: openssl not found: apt-get install -y openssl" >&2; exit 1; }
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/http-test-tls.XXXXXX")}
name=${2:-localhost}
san="DNS:$name"
[ "$name" = localhost ] && san="$san,IP:127.0.0.1"
mkdir -p "$dir"
chmod 700 "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj "/CN=$name" -addext "subjectAltName=$san" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
echo "export HTTP_TEST_TLS_DIR=$(cd "$dir" && pwd)"
