# Shared by build.sh and test.sh: make sure .venv and node_modules hold what the project needs.
# usage: . scripts/_venv.sh [site|test]   ("test" also installs the test tools)
# Installs only when something is missing, broken or out of date (scripts/install.py keeps a stamp per
# installer), so after the first run a command starts at once; a registry that cannot be reached is
# reported in Chinese within seconds.  KEXIE_VENV: another venv folder; KEXIE_FORCE_INSTALL=1: install anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NO_MKDOCS_2_WARNING=1
VENV="${KEXIE_VENV:-.venv}"
# the venv's own Python starts in milliseconds where a version manager's python3 may take half a second
installer=python3
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' 2>/dev/null; then installer="$VENV/bin/python"; fi
"$installer" scripts/install.py "${1:-site}"
