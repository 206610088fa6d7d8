"""Subcommands grouped by feature; importing this package registers them with app.cli.

Each module appends to ``app.cli.EXTENSIONS`` or ``app.cli.PRINT_FORMS`` at import time.
"""
