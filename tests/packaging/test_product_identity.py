"""Name, version, icon and licences come from one place and reach every consumer."""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QApplication

from app import gui
from common import product

ROOT = Path(__file__).resolve().parents[2]


def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dealerdesk_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_is_the_package_metadata() -> None:
    assert product.version() == metadata.version("dealerdesk")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{product.version()}"' in pyproject


def test_icons_and_licence_files_exist() -> None:
    assert product.icon_path("png").read_bytes().startswith(b"\x89PNG")
    assert product.icon_path("ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    files = product.licence_files()
    assert files[0].name == "LICENSE-wqy-microhei.txt"
    assert all(path.is_file() for path in files)
    notices = (ROOT / "resources" / "licenses" / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for name in ("Qt", "LGPL", "ReportLab", "SQLAlchemy", "cryptography", "WenQuanYi"):
        assert name in notices


def test_application_carries_name_version_and_icon(qapp: QApplication) -> None:
    app = gui.application()
    assert app.applicationVersion() == product.version()
    assert app.applicationName() == product.PRODUCT_NAME_ZH
    assert not app.windowIcon().isNull()


def test_installer_defines_are_generated_from_product(tmp_path: Path) -> None:
    defines, version_info = build_module().write_generated(tmp_path)
    text = defines.read_text(encoding="utf-8-sig")
    assert f'#define AppVersion "{product.version()}"' in text
    assert f'#define AppName "{product.PRODUCT_NAME_ZH}"' in text
    assert product.WINDOWS_APP_GUID in text
    assert f"'{product.version()}'" in version_info.read_text(encoding="utf-8")
    iss = (ROOT / "installer" / "dealerdesk.iss").read_text(encoding="utf-8")
    assert '#include "..\\build\\dealerdesk-defines.iss"' in iss
    assert not re.search(r"AppVersion=\d", iss), "the version must come from the defines"
    assert "{autopf}" in iss and "PrivilegesRequired=admin" in iss
    assert "{autodesktop}" in iss and "{group}" in iss


def test_installer_handles_the_server_service_that_host_init_registers(tmp_path: Path) -> None:
    """The Windows service's name has one home (storage.pg_cluster); the installer stops it
    for an upgrade, unregisters it on uninstall, and opens the firewall for the bundled server."""
    from storage.pg_cluster import WINDOWS_SERVICE

    build = build_module()
    defines, _info = build.write_generated(tmp_path)
    text = defines.read_text(encoding="utf-8-sig")
    assert f'#define ServerService "{WINDOWS_SERVICE}"' in text
    assert f'#define ServerBinDir "{build.SERVER_BIN_IN_APP}"' in text
    iss = (ROOT / "installer" / "dealerdesk.iss").read_text(encoding="utf-8")
    assert WINDOWS_SERVICE not in iss, "the service name must come from the defines"
    assert "pg_ctl.exe\"; Parameters: \"unregister -N {#ServerService}\"" in iss
    assert "'stop {#ServerService}'" in iss and "'start {#ServerService}'" in iss
    assert iss.count("firewall delete rule name=\"\"{#ServerFirewallRule}\"\"") == 2
    assert "{#ServerBinDir}\\postgres.exe" in iss


def test_the_spec_excludes_no_qt_module_the_program_imports() -> None:
    """A feature that starts using a Qt module must not find it cut out of the bundle."""
    used = {m for path in (ROOT / "src").rglob("*.py")
            for m in re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8"))}
    spec = (ROOT / "installer" / "dealerdesk.spec").read_text(encoding="utf-8")
    block = spec[spec.index("QT_EXCLUDES = ["):spec.index("]", spec.index("QT_EXCLUDES = ["))]
    excluded = set(re.findall(r'"PySide6\.(Qt\w+)"', block))
    assert used, "no Qt module found in src"
    assert not used & excluded, used & excluded
