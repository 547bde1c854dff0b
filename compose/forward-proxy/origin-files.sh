#!/bin/sh
# The downloads site's files, made when the origin starts: the EICAR test file, a harmless file of exactly
# the same size, and a setup.exe (blocked by the proxy's URL filter, not by the scanner).
set -e
dir=/srv/files
mkdir -p "$dir"
sh /etc/http-test-proxy/eicar.sh > "$dir/eicar.com"
head -c 51 /dev/urandom | base64 | head -c 68 > "$dir/clean.txt"
printf 'MZ: a harmless stand-in for an installer\n' > "$dir/setup.exe"
printf '<!doctype html><title>downloads</title><h1>Downloads</h1><p>The files of this site.</p>\n' > "$dir/index.html"
