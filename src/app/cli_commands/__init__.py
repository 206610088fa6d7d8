"""Subcommands grouped by feature; importing this package registers them with app.cli.

Each module appends to ``app.cli.EXTENSIONS`` or ``app.cli.PRINT_FORMS`` at import time.
"""

from app.cli_commands import (
    audit,  # noqa: F401
    care,  # noqa: F401
    complaints,  # noqa: F401
    data,  # noqa: F401
    db,  # noqa: F401
    host,  # noqa: F401
    maintenance,  # noqa: F401
    masterdata,  # noqa: F401
    printing,  # noqa: F401
    reports,  # noqa: F401
    sync,  # noqa: F401
    validate,  # noqa: F401
    workorders,  # noqa: F401
)
