"""Moving this PC's records onto the shop's server (搬到主机): ``dealerdesk db move-to`` and
系统设置 → 多台电脑 call :func:`move_folder_to_server`.

Why in ``app``: the word ``host`` means this PC's own server, which has to be running before
anything can be copied into it, and only the app layer starts it
(:func:`app.context.ensure_local_server`). The copy itself is :mod:`storage.move`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.context import AppContext, ensure_local_server
from domain.errors import Conflict
from domain.roles import Actor
from storage.move import MoveReport, Progress, is_this_pcs_server, move_to_server

#: ``db move-to host``: this PC's own server (``dealerdesk host init`` made it)
HOST_WORD = "host"

__all__ = ["HOST_WORD", "MoveReport", "Progress", "move_folder_to_server", "target_url"]


def target_url(data_dir: Path, url: str) -> str:
    """The server address ``url`` stands for: the word ``host`` is this PC's own server."""
    if url.strip().lower() == HOST_WORD:
        from storage.pg_cluster import LocalServer

        return LocalServer(data_dir).config().url()  # refuses when there is none (host init)
    return url


def move_folder_to_server(folder: AppContext | Path, url: str, progress: Progress | None = None,
                          cancelled: Callable[[], bool] | None = None,
                          actor: Actor | None = None) -> MoveReport:
    """Copy the folder's SQLite database to the server at ``url`` (or ``host``), verify it,
    and make the folder use the server. Runs on the DB worker in the GUI.

    ``folder`` is the data folder, or the GUI's open :class:`AppContext` on it: that context
    is closed once the server holds the verified copy (before the file is renamed), so the
    caller must open a new one afterwards, as after a restore. On any refusal or failure
    nothing changed here and the context stays usable. ``progress(done, total)`` counts
    rows copied and verified; ``cancelled()`` is asked between batches (取消 undoes it all).
    """
    if isinstance(folder, AppContext):
        if folder.location.is_server:
            raise Conflict("move.already", server=folder.location.server_label)
        data_dir, release = folder.data_dir, folder.close
    else:
        data_dir, release = folder, None
    resolved = target_url(data_dir, url)
    if is_this_pcs_server(data_dir, resolved):
        ensure_local_server(data_dir)
    return move_to_server(data_dir, resolved, progress, cancelled=cancelled, release=release,
                          actor=actor)
