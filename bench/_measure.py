"""Measuring for the benchmarks: the sides of a comparison run in turn, round after round.

One round runs every side once, in the same order (A B, A B, …), after every side has run
untimed the same number of times to warm caches, the model and the database alike. Each run
records wall time and CPU time (this process and any child processes it waited for; the
database server's CPU is not counted). Results are the median with the minimum and maximum
over the rounds, and ratios are taken round by round, so a busy moment touches both sides of
the same round.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for, user and system."""
    own = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


@dataclass(frozen=True, slots=True)
class Sample:
    wall: float
    cpu: float


@dataclass(slots=True)
class Side:
    """One side of a comparison: `run` is timed; `prepare` runs untimed before every run."""

    name: str
    run: Callable[[], object]
    prepare: Callable[[], object] | None = None
    # A cheaper run that warms the same paths (a few items instead of all); default: `run`.
    warm: Callable[[], object] | None = None
    # `run` returns the CPU seconds it used: its work ran in processes started before it
    # (by `prepare`), whose start-up is not part of what is measured.
    reports_cpu: bool = False
    samples: list[Sample] = field(default_factory=list)

    def once(self, *, warming: bool = False) -> Sample:
        if self.prepare is not None:
            self.prepare()
        run = self.warm if warming and self.warm is not None else self.run
        wall, cpu = time.perf_counter(), cpu_seconds()
        used = run()
        wall = time.perf_counter() - wall
        return Sample(wall, float(used) if self.reports_cpu else cpu_seconds() - cpu)


def alternate(sides: Sequence[Side], *, rounds: int, warmup: int = 1) -> Sequence[Side]:
    """Warm every side `warmup` times, then run them in turn for `rounds` rounds."""
    for _ in range(warmup):
        for side in sides:
            side.once(warming=True)
    for _ in range(rounds):
        for side in sides:
            side.samples.append(side.once())
    return sides


@dataclass(frozen=True, slots=True)
class Spread:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def format(self, spec: str = ".3f") -> str:
        return f"{self.median:{spec}} ({self.low:{spec}}–{self.high:{spec}})"


def walls(side: Side) -> Spread:
    return Spread.of([s.wall for s in side.samples])


def cpus(side: Side) -> Spread:
    return Spread.of([s.cpu for s in side.samples])


def ratio(numerator: Side, denominator: Side, *, by: str = "wall") -> Spread:
    """numerator / denominator round by round (e.g. baseline time / side time = speed ratio)."""
    pairs = zip(numerator.samples, denominator.samples, strict=True)
    return Spread.of([getattr(a, by) / getattr(b, by) for a, b in pairs])


def comparison_rows(sides: Sequence[Side], *, baseline: Side) -> list[list[object]]:
    """Rows of wall and CPU seconds per side and each side's speed as a ratio to `baseline`
    (baseline time / side time, round by round: 1.0 is as fast, 0.5 takes twice as long)."""
    rows = []
    for side in sides:
        rows.append(
            [
                side.name,
                walls(side).format(),
                cpus(side).format(),
                "" if side is baseline else ratio(baseline, side).format(),
            ]
        )
    return rows


COMPARISON_HEADERS = [
    "side",
    "wall s: median (min–max)",
    "CPU s: median (min–max)",
    "speed vs baseline",
]


def machine_note() -> str:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load}"
