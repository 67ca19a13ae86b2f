#!/usr/bin/env bash
# Install Debian's chromium and fonts when missing; apt mirrors hiccup, so retry.
# `--optional` (from `make run`): where apt or root is not available, or apt fails, say so and
# carry on (the app runs; PNG/PDF/PPTX buttons explain why they are off). Without it (tests) fail.
set -euo pipefail
OPTIONAL=0
if [ "${1:-}" = "--optional" ]; then OPTIONAL=1; fi
give_up() {
    echo "$1" >&2
    if [ "$OPTIONAL" -eq 1 ]; then
        echo "Bỏ qua: ứng dụng vẫn chạy, chỉ các nút xuất PNG/PDF/PPTX bị tắt." >&2
        exit 0
    fi
    exit 1
}
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi dejavu; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    give_up "Không có apt-get: hãy tự cài Chromium (hoặc đặt DTI_CHROMIUM)."
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if [ "$OPTIONAL" -eq 1 ] && ! sudo -n true 2>/dev/null; then
        give_up "Cần quyền root để cài Chromium bằng apt-get."
    fi
    SUDO="sudo"
fi
for attempt in 1 2 3 4; do
    if $SUDO apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; then
        exit 0
    fi
    echo "apt-get failed (attempt $attempt); retrying" >&2
    sleep $((attempt * 5))
done
give_up "Could not install chromium with apt-get"
