"""CPU work on fetched input (page extraction, feed parsing) in a worker process, under a deadline.

Why a process and not ``asyncio.to_thread``: trafilatura and the scraped-text rules are Python
that holds the GIL for long stretches, so a thread parsing a hostile page still slows the event
loop, and a thread cannot be stopped — after its deadline it would keep burning a core for
minutes. A process runs in parallel and is killed when its deadline passes; the pool is then
replaced (the next start re-imports trafilatura, about a second, before its own deadline runs).

One parse at a time per worker (an ``asyncio.Lock``): a deadline measures that parse, not time
spent queueing behind another one.
"""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
import multiprocessing.pool
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_START_TIMEOUT = 120.0
"""Seconds a new worker may take to start and import trafilatura (not part of any deadline)."""


class ParseTimeout(Exception):
    """The work did not finish within its deadline; the worker running it was killed."""


def _warm_up() -> None:
    import trafilatura  # noqa: F401  (imported once per worker, before any deadline runs)


def _ping() -> bool:
    return True


def _context() -> multiprocessing.context.BaseContext:
    """forkserver (never fork a threaded bot), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class PageWorker:
    """A one-process pool that runs picklable functions with a wall-clock deadline."""

    def __init__(self) -> None:
        self._pool: multiprocessing.pool.Pool | None = None
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._blocking = threading.Lock()
        self._closes_at_exit = False

    async def run(self, function: Callable[..., T], *args: Any, deadline: float) -> T:
        """``function(*args)`` in the worker; raises ParseTimeout after ``deadline`` seconds.

        Exceptions raised by ``function`` are re-raised here; they must pickle.
        """
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (each CLI run has its own)
            self._lock, self._loop = asyncio.Lock(), loop
        assert self._lock is not None
        async with self._lock:
            pool = await self._started()
            try:
                return await asyncio.wait_for(self._submit(pool, function, args), deadline)
            except (TimeoutError, asyncio.CancelledError) as exc:
                await asyncio.to_thread(self._terminate)  # the worker may be stuck: kill it
                if isinstance(exc, asyncio.CancelledError):
                    raise
                raise ParseTimeout(f"took longer than {deadline:g} s") from None

    def run_blocking(self, function: Callable[..., T], *args: Any, deadline: float) -> T:
        """``function(*args)`` in the worker from synchronous code (a build, a reload thread);
        raises ParseTimeout after ``deadline`` seconds. Use one worker for either path, not both."""
        with self._blocking:
            if self._pool is None:
                self._pool = self._new_pool()
                try:
                    self._pool.apply_async(_ping).get(_START_TIMEOUT)
                except BaseException as exc:
                    self._terminate()
                    if isinstance(exc, multiprocessing.TimeoutError):
                        raise ParseTimeout(f"the worker process did not start within {_START_TIMEOUT:g} s") from None
                    raise
            try:
                return self._pool.apply_async(function, args).get(deadline)
            except multiprocessing.TimeoutError:
                self._terminate()  # the worker may be stuck: kill it
                raise ParseTimeout(f"took longer than {deadline:g} s") from None

    async def _started(self) -> multiprocessing.pool.Pool:
        if self._pool is None:
            self._pool = self._new_pool()
            try:
                await asyncio.wait_for(self._submit(self._pool, _ping, ()), _START_TIMEOUT)
            except BaseException as exc:
                await asyncio.to_thread(self._terminate)
                if isinstance(exc, TimeoutError):
                    raise ParseTimeout(f"the worker process did not start within {_START_TIMEOUT:g} s") from None
                raise
        return self._pool

    def _new_pool(self) -> multiprocessing.pool.Pool:
        """A one-process pool, stopped at exit before the interpreter tears modules down
        (Pool.__del__ at shutdown prints an ignored exception otherwise)."""
        if not self._closes_at_exit:
            atexit.register(self.close)
            self._closes_at_exit = True
        return _context().Pool(1, initializer=_warm_up, maxtasksperchild=200)

    @staticmethod
    def _submit(pool: multiprocessing.pool.Pool, function: Callable[..., Any], args: tuple[Any, ...]) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()

        def settle(setter: str, value: Any) -> None:
            if not future.done():
                getattr(future, setter)(value)

        pool.apply_async(
            function,
            args,
            callback=lambda value: loop.call_soon_threadsafe(settle, "set_result", value),
            error_callback=lambda error: loop.call_soon_threadsafe(settle, "set_exception", error),
        )
        return future

    def _terminate(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()

    def close(self) -> None:
        """Stop the worker process (it is started again on the next run)."""
        self._terminate()


shared_worker = PageWorker()
"""The worker of this process: fetch runs share it, so trafilatura is imported once."""
