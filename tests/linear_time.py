"""Linear time as a ratio, not a wall-clock limit: CPU time for an input twice as large over the
time for the input, each the best of several runs taken in turns (a burst of load on the shared
machine meets both sizes alike), with the cyclic garbage collector paused (a collection walks
whatever the rest of the test session keeps alive, which is not the measured code's time)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MAX_RATIO = 2.5
"""Twice the input may cost at most this many times as much: linear, with room for noise."""
MIN_SECONDS = 0.03
"""An input that takes less CPU than this is lengthened before it is measured: shorter runs are
at the mercy of the clock's grain and the machine's noise."""


def _cpu(function: Callable[[], object]) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


def growth_ratio(make: Callable[[int], T], run: Callable[[T], object], n: int, repeats: int = 5) -> float:
    """time(run(make(2n))) / time(run(make(n))), each the best of ``repeats`` runs in turns; ``n``
    is doubled (up to 64 times) while run(make(n)) takes less than MIN_SECONDS."""
    run(make(n))  # warm-up: imports, tables and caches are not part of the measure
    limit = 64 * n
    while _cpu(lambda n=n: run(make(n))) < MIN_SECONDS and n < limit:
        n *= 2
    small, large = make(n), make(2 * n)
    best_small = best_large = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            best_small = min(best_small, _cpu(lambda: run(small)))
            best_large = min(best_large, _cpu(lambda: run(large)))
    finally:
        gc.enable()
    return best_large / max(best_small, 1e-6)
