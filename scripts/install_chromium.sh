#!/usr/bin/env bash
# Install Debian's chromium and fonts when missing; apt mirrors hiccup, so retry.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi dejavu; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
for attempt in 1 2 3 4; do
    if $SUDO apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; then
        exit 0
    fi
    echo "apt-get failed (attempt $attempt); retrying" >&2
    sleep $((attempt * 5))
done
echo "Could not install chromium with apt-get" >&2
exit 1
