"""The demo's rows, each chunk made while the one before it is written.

Why: making a chunk's rows is pure Python (about 40 % of a large load) and writing them is
mostly SQLite; in one process they take turns. A second process makes the next chunk while
this one writes, so a 2-core PC loads 200,000 vehicles with their history in markedly less
time. The child gets the maker once (its state: the generator's random stream, the key
sequence) and makes chunk after chunk from that copy, so the rows and their keys are
exactly those made in-process; a customer chunk hands back the key sequence as it stands
after it, for the work orders that follow. Small loads (the first start's demo, most tests)
stay in-process: starting a process costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from domain.demo_workorders import OrderBuilder, PlannedOrder

A = TypeVar("A")
R = TypeVar("R")
Rows = dict[str, list[dict[str, Any]]]

#: Loads at least this large make their chunks in a second process.
BUILD_AHEAD_MIN_CUSTOMERS = 10_000
BUILD_AHEAD_MIN_ORDERS = 20_000

_maker: Callable[[Any], Any] | None = None


def pipelined(maker: Callable[[A], R], arguments: Iterable[A], *, ahead: bool) -> Iterator[R]:
    """``maker(argument)`` for each argument, in order; with ``ahead`` the calls run in a
    child process (on its own copy of ``maker``), one call ahead of the caller."""
    todo = list(arguments)
    if not ahead or len(todo) < 2:
        for argument in todo:
            yield maker(argument)
        return
    # spawn, not fork: the parent holds an open database connection and maybe a Qt thread
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_receive,
                             initargs=(maker,)) as pool:
        pending: Future[R] = pool.submit(_call, todo[0])
        for index in range(len(todo)):
            result = pending.result()
            if index + 1 < len(todo):
                pending = pool.submit(_call, todo[index + 1])
            yield result


def chunks(builder: OrderBuilder, plans: Sequence[PlannedOrder], size: int, *,
           ahead: bool | None = None) -> Iterator[tuple[int, Rows]]:
    """``(end, rows)`` of the work orders for each run of ``size`` plans, in order; ``ahead``
    defaults to :data:`BUILD_AHEAD_MIN_ORDERS` and more plans."""
    if ahead is None:
        ahead = len(plans) >= BUILD_AHEAD_MIN_ORDERS
    bounds = [(start, min(start + size, len(plans))) for start in range(0, len(plans), size)]
    for (_start, end), rows in zip(bounds, pipelined(_OrderChunks(builder, plans), bounds, ahead=ahead),
                                   strict=True):
        yield end, rows


class _OrderChunks:
    def __init__(self, builder: OrderBuilder, plans: Sequence[PlannedOrder]) -> None:
        self._builder = builder
        self._plans = plans

    def __call__(self, bounds: tuple[int, int]) -> Rows:
        start, end = bounds
        return self._builder.rows(self._plans[start:end])


def _receive(maker: Callable[[Any], Any]) -> None:
    global _maker
    _maker = maker


def _call(argument: Any) -> Any:
    assert _maker is not None, "the child process got no maker"
    return _maker(argument)


__all__ = ["BUILD_AHEAD_MIN_CUSTOMERS", "BUILD_AHEAD_MIN_ORDERS", "chunks", "pipelined"]
