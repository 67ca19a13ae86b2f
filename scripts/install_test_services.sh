#!/usr/bin/env bash
# Debian's postgresql (the user-data store for several replicas; the tests start a private
# server) and nginx (the reverse proxy of `make loadtest`), when missing; apt mirrors hiccup,
# so retry. Neither is started here: tests and the load test start their own, on a socket or
# loopback only (containers' policy-rc.d keeps apt from starting the packaged services).
set -euo pipefail
have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; }
have_nginx() { [ -x /usr/sbin/nginx ]; }
if have_postgres && have_nginx; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Không có apt-get: hãy tự cài PostgreSQL và nginx." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
for attempt in 1 2 3 4; do
    if $SUDO apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql nginx >/dev/null; then
        exit 0
    fi
    echo "apt-get failed (attempt $attempt); retrying" >&2
    sleep $((attempt * 5))
done
echo "Could not install postgresql and nginx with apt-get" >&2
exit 1
