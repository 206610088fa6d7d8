"""Where a DealerDesk installation keeps its data (per user, or ``--data-dir``)."""

from __future__ import annotations

import os
from pathlib import Path

from common.product import APP_ID


def default_data_dir() -> Path:
    override = os.environ.get("DEALERDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_ID, appauthor=False))
