"""Entry script of the frozen program: the same ``dealerdesk`` command as the source tree."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when unused; needed if a pool is ever started
    from app.cli import main

    raise SystemExit(main())
