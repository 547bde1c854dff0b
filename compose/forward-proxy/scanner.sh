#!/bin/sh
# Starts the virus scanner: writes ClamAV's only signature (the EICAR test file's MD5:size:name, in ClamAV's
# .hdb format) where libclamav loads its databases, then runs c-icap in the foreground.
set -e
mkdir -p /var/lib/clamav
sh /etc/http-test-proxy/eicar.sh > /tmp/eicar.com
echo "$(md5sum < /tmp/eicar.com | cut -d' ' -f1):$(wc -c < /tmp/eicar.com):Local.EICAR-Test-File" > /var/lib/clamav/local.hdb
rm -f /tmp/eicar.com
echo "scanner: signature $(cat /var/lib/clamav/local.hdb)"
# A container restarted after its c-icap was killed (the known-state repair does that) keeps the old pid file,
# and c-icap then refuses to start: "c-icap server already running!".
rm -f /tmp/c-icap.pid
exec c-icap -N -D -f /etc/http-test-proxy/c-icap.conf
