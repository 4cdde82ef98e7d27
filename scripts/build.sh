#!/usr/bin/env bash
# Install everything into .venv and build the site into site/ (strict: any warning fails).
#   bash scripts/build.sh          build into site/
#   bash scripts/build.sh serve    preview at http://127.0.0.1:8000/ with live reload
#   bash scripts/build.sh serve --dirty    the same, re-rendering only what changed (large archives)
# KEXIE_CONFIG: another config file than mkdocs.yml (the tests' variants)
. "$(dirname "$0")/_venv.sh" site
config="${KEXIE_CONFIG:-mkdocs.yml}"
if [ "${1:-}" = "serve" ]; then
  case " ${*:2} " in *" --dev-addr"*|*" -a "*) ;; *) "$VENV/bin/python" -m kexie.editor.ports 8000 || exit 1 ;; esac
  exec "$VENV/bin/mkdocs" serve -f "$config" --dev-addr 127.0.0.1:8000 "${@:2}"
fi
# MkDocs ends a stopped build with an English "Aborted with a BuildError!" after our Chinese report: left out
# (on stdout; the pipe keeps mkdocs' exit status: _venv.sh sets pipefail)
# A plugin name MkDocs does not know stops it before our plugins run: then kexie.engines says which, in Chinese.
if ! "$VENV/bin/mkdocs" build --strict -f "$config" --site-dir site | { grep -v '^Aborted with a BuildError' || true; }; then
  "$VENV/bin/python" -m kexie.engines check "$config" || true
  exit 1
fi
# the marks only our plugins write (CONTENTS, feeds, search, the web editor): never a site without them
"$VENV/bin/python" -m kexie.engines verify site
echo "site built in $(pwd)/site"
