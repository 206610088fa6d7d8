"""What the GUI of several PCs asks of the app: first-run set-up and 系统设置 → 多台电脑.

Why adapters: ``ui`` never imports ``app`` or ``storage`` (layer rule); the wizard declares
:class:`ui.setup_wizard.SetupActions` and the tab :class:`ui.pages.multi_pc_tab.MultiPcActions`,
and these objects implement them over :mod:`app.multi_pc`, the same functions the command
line's ``host`` and ``connect`` call. Every method runs on the database thread.

:class:`AppSetup` owns the database of a first start: on a fresh data folder nothing is
opened (so nothing is created) until the wizard knows whether this PC keeps its own file,
becomes the main PC or connects to it; :attr:`AppSetup.context` is then the one to use.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from app import multi_pc
from app.context import AppContext
from domain.roles import Actor, Permission, require
from domain.services.registry import Services
from storage.location import normalise_url, read_connection
from storage.pg_cluster import DEFAULT_PORT, HostStatus, LocalServer, server_url

#: ``(done, total, table)`` from the move of the records; ``(0, 0, "")`` while the server is made
Progress = Callable[[int, int, str], None]
Mover = Callable[[Path, str, Progress], object]

#: where the other helper's ``move_folder_to_server(data_dir, url, progress)`` lives
MOVE_MODULE = "app.db_move"


class AppSetup:
    """First-run set-up (``ui.setup_wizard.SetupActions``)."""

    def __init__(self, data_dir: Path, db_url: str | None = None,
                 context: AppContext | None = None, *, port: int = DEFAULT_PORT) -> None:
        self.data_dir = data_dir
        self.db_url = db_url
        self.context = context
        self.port = port

    def _use(self, ctx: AppContext) -> Services:
        if self.context is not None and self.context is not ctx:
            self.context.close()  # the empty file of an earlier start, say: not used any more
        self.context = ctx
        return ctx.services

    def open_here(self) -> Services:
        """This PC's own database (its file is made now), or the one already open."""
        if self.context is not None:
            return self.context.services
        return self._use(AppContext.open(self.data_dir, create=True, db_url=self.db_url))

    def make_main_pc(self) -> Services:
        """The server made in the data folder and opened; again after a refused Finish: the same."""
        if self.context is not None and self.context.location.hosted_here:
            return self.context.services
        multi_pc.make_main_pc(self.data_dir, port=self.port)
        return self._use(AppContext.open(self.data_dir))

    def check_server(self, host: str, port: int, user: str, password: str,
                     database: str) -> multi_pc.ServerCheck:
        return multi_pc.check_server(server_url(host, port, user, password, database))

    def connect(self, host: str, port: int, user: str, password: str, database: str) -> Services:
        """Remember the main PC for this folder (``dealerdesk connect``) and open it."""
        url = normalise_url(server_url(host, port, user, password, database))
        if self.context is not None and self.context.location.url == url:
            return self.context.services
        multi_pc.connect_workstation(self.data_dir, url)
        return self._use(AppContext.open(self.data_dir))


@dataclass(frozen=True)
class MultiPcState:
    """What 系统设置 → 多台电脑 shows (``ui.pages.multi_pc_tab.MultiPcView``)."""

    #: "single" (this PC's file), "main" (this PC's server), "workstation" (the main PC's
    #: server), "server" (a server named for this run only, ``--db-url``)
    role: str
    server: str = ""
    main_pc: multi_pc.MainPc | None = None
    status: HostStatus | None = None
    #: this PC's server exists but the records are still in the file
    waiting_move: bool = False
    #: the folder now uses the server; this running program still has the file open
    restart_needed: bool = False
    #: this version can move a file's records to the server (``app.db_move``)
    move_available: bool = False


class AppMultiPc:
    """系统设置 → 多台电脑 (``ui.pages.multi_pc_tab.MultiPcActions``)."""

    def __init__(self, ctx: AppContext, actor: Actor, *, port: int = DEFAULT_PORT) -> None:
        self.ctx = ctx
        self.actor = actor
        self.port = port

    def state(self) -> MultiPcState:
        data_dir = self.ctx.data_dir
        session = self.ctx.location
        movable = _mover() is not None
        if session.sqlite_file is None:
            if session.hosted_here:
                return MultiPcState("main", session.server_label, multi_pc.main_pc(data_dir),
                                    multi_pc.host_status(data_dir), move_available=movable)
            role = "workstation" if session.is_workstation else "server"
            return MultiPcState(role, session.server_label, move_available=movable)
        if not LocalServer(data_dir).exists():
            return MultiPcState("single", move_available=movable)
        folder = read_connection(data_dir)
        switched = folder is not None and folder.hosted_here
        return MultiPcState("single", "", multi_pc.main_pc(data_dir), None,
                            waiting_move=not switched, restart_needed=switched,
                            move_available=movable)

    def make_main_pc(self, progress: Progress) -> MultiPcState:
        """设为本店主机: the server (unless made before), then the file's records moved to it.

        The records move only through ``app.db_move``; without it the server stays made and
        the file stays in use (the tab says moving is not available yet). After a move the
        folder uses the server, and this running program must restart.
        """
        require(self.actor, Permission.SETTINGS_EDIT)
        data_dir = self.ctx.data_dir
        progress(0, 0, "")
        if LocalServer(data_dir).exists():
            multi_pc.start_host(data_dir)
            made = multi_pc.main_pc(data_dir)
        else:
            made = multi_pc.make_main_pc(data_dir, port=self.port)
        mover = _mover()
        if not made.folder_switched and mover is not None \
                and multi_pc.local_database_has_branch(data_dir):
            # the file's connections closed first: Windows renames no open file
            self.ctx.db.engine.dispose()
            mover(data_dir, made.config.url(), progress)
        return self.state()


def _mover() -> Mover | None:
    """``app.db_move.move_folder_to_server`` when this version has it."""
    if importlib.util.find_spec(MOVE_MODULE) is None:
        return None
    module = importlib.import_module(MOVE_MODULE)
    found = getattr(module, "move_folder_to_server", None)
    return cast(Mover, found) if callable(found) else None

