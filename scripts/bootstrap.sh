# Sourced by scripts/serve and scripts/test: make .venv (Python >= 3.12) and install the project.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local c v p
  for c in python3.14 python3.13 python3.12 python3 python; do
    p="$(command -v "$c" 2>/dev/null)" || continue
    if python_ok "$p"; then echo "$p"; return 0; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -rV); do
      p="$(pyenv root)/versions/$v/bin/python"
      if [ -x "$p" ] && python_ok "$p"; then echo "$p"; return 0; fi
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
  PY="$(find_python)" || { echo "需要 Python 3.12 或更高版本 (Django 6)。Python >= 3.12 is required." >&2; exit 1; }
  echo "==> 创建虚拟环境 .venv ($("$PY" --version))"
  rm -rf .venv
  "$PY" -m venv .venv
fi

STAMP=.venv/.installed
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "==> 安装依赖"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  if ! .venv/bin/uv pip install --quiet --python .venv/bin/python -e ".[dev]"; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
  fi
  echo "$WANT" > "$STAMP"
fi
