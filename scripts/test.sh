#!/usr/bin/env bash
# Install the project and its test tools into .venv, Debian's chromium for the
# browser tests if it is missing, and run the whole test suite.
. "$(dirname "$0")/_venv.sh" test
if ! command -v chromium >/dev/null 2>&1 && [ "${KEXIE_SKIP_BROWSER:-0}" != 1 ]; then
  echo "installing Debian chromium for the browser tests…"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
if ! command -v rsync >/dev/null 2>&1; then  # scripts/publish.sh (tests/test_pipeline.py)
  echo "installing Debian rsync for the publishing test…"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rsync >/dev/null
fi
if ! command -v nginx >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then  # tests/test_serving.py
  echo "installing Debian nginx (with brotli) and java for the serving and HTML-validity tests…"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light \
    libnginx-mod-http-brotli-static default-jre-headless >/dev/null
fi
if ! command -v zbarimg >/dev/null 2>&1; then  # decodes the print QR codes (tests/test_channels_print.py)
  echo "installing Debian zbar-tools for the QR code test…"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zbar-tools >/dev/null
fi
exec "$VENV/bin/python" -m pytest "$@"
