#!/usr/bin/env bash
# Regenerates every golden vector and generated table with the pinned CPython.
#   tools/oracle/run.sh            # all scripts
#   tools/oracle/run.sh errno      # scripts whose name contains "errno"
# The interpreter is $PYOS_ORACLE_PYTHON, or CPython $PYOS_ORACLE_VERSION (default 3.13)
# from pyenv. The outputs are committed; the test suite never runs Python.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${PYOS_ORACLE_VERSION:-3.13}
if [ -z "${PYOS_ORACLE_PYTHON:-}" ]; then
  if command -v pyenv >/dev/null 2>&1; then
    full=$(pyenv versions --bare | grep -E "^${version//./\\.}(\.[0-9]+)?$" | sort -V | tail -n1)
    [ -n "$full" ] || { echo "oracle: no CPython $version under pyenv" >&2; exit 1; }
    PYOS_ORACLE_PYTHON="$(pyenv root)/versions/$full/bin/python3"
  else
    PYOS_ORACLE_PYTHON=python$version
  fi
fi
export PYOS_ORACLE_VERSION=$version
# The oracle must not see the caller's locale or hash seed: the vectors are for the C locale.
export LC_ALL=C.UTF-8 PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
cd "$here"
for script in gen_*.py; do
  case "$script" in *"${1:-}"*) ;; *) continue ;; esac
  echo "== $script ($("$PYOS_ORACLE_PYTHON" --version))"
  "$PYOS_ORACLE_PYTHON" "$script"
done
