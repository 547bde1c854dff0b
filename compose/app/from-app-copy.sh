#!/bin/sh
# The container's entrypoint: the app runs from a copy of /srv/app-source (mounted read-only), then the
# app's own setup step (HTTP_TEST_APP_SETUP, e.g. `flask --app shop init-db`) runs there, then the server.
set -e
cp -a /srv/app-source/. /srv/app/
if [ -n "${HTTP_TEST_APP_SETUP:-}" ]; then
  echo "http-test: app setup: $HTTP_TEST_APP_SETUP"
  if ! sh -c "$HTTP_TEST_APP_SETUP"; then
    echo "http-test: app setup failed: $HTTP_TEST_APP_SETUP (fix the command or HTTP_TEST_APP_SETUP)" >&2
    exit 3
  fi
fi
exec "$@"
