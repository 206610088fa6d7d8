# Shared set-up for scripts/start and scripts/test (sourced, not run).
# Installs what a fresh Debian/Ubuntu machine lacks, creates .venv and installs the app.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "需要 Python 3.11 或更新版本 (Python 3.11+ is required): $PYTHON" >&2
    exit 1
fi

# Debian packages: Qt's runtime libraries (offscreen and on screen), poppler for PDF checks.
DEB_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libglib2.0-0 libxcb-cursor0 poppler-utils ${EXTRA_DEB_PACKAGES:-})
install_debian_packages() {
    command -v dpkg >/dev/null 2>&1 || return 0
    local missing=()
    for pkg in "${DEB_PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装系统组件 (installing): ${missing[*]}" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
install_debian_packages

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
VENV_PY="$ROOT/.venv/bin/python"
"$VENV_PY" -m pip install -q --disable-pip-version-check --upgrade pip >&2
"$VENV_PY" -m pip install -q --disable-pip-version-check -e ".${PIP_EXTRAS:-}" >&2
"$VENV_PY" scripts/build_translations.py >&2 || echo "warning: translations not compiled" >&2
