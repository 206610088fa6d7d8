"""Product identity in one place (name, version) for the GUI, CLI, PDFs and installer."""

from __future__ import annotations

from importlib import metadata

PRODUCT_NAME_ZH = "售后管家"
PRODUCT_NAME_EN = "DealerDesk"
APP_ID = "DealerDesk"


def version() -> str:
    try:
        return metadata.version("dealerdesk")
    except metadata.PackageNotFoundError:  # frozen bundle without dist-info
        return "0.1.0"
