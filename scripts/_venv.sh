# Shared by build.sh and test.sh: create .venv once and install the project into it.
# usage: . scripts/_venv.sh [extra]   (extra: "test" also installs the test tools)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
spec="."
[ "${1:-}" = "test" ] && spec=".[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
export NO_MKDOCS_2_WARNING=1
# npm packages the site ships (e.g. the web editor) and the browser tests use; exact versions from package-lock.json
if [ -f package-lock.json ] && command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
