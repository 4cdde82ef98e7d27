#!/usr/bin/env bash
# The local web editor: the preview and decap-server together, on this computer only.
#   bash scripts/editor.sh        open http://127.0.0.1:8000/admin/ ; Ctrl+C stops both
. "$(dirname "$0")/_venv.sh"
exec .venv/bin/python -m kexie.editor.local "$@"
