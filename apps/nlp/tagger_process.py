"""The pre-tagger in a process of its own, which never runs a second thread.

Once a process has run two threads, glibc stops taking the single-thread fast path in its
locks, for good, and every take and release of Python's GIL costs atomic instructions.
spaCy's parser releases and takes the GIL in its innermost loop, so the same texts parse
about 14 % slower in such a process. A job-queue worker always has threads (it runs sync
jobs in a thread pool beside its event loop), so it hands its texts to this process, which
loads the model once and pre-tags batch after batch, and waits for the results.

The two talk over the child's stdin and stdout: one length-prefixed pickle per message,
between two processes of the same installation. The child's own prints go to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from apps.nlp.knowledge import NO_KNOWLEDGE, Knowledge
from apps.nlp.types import PretagResult

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
_HEADER = struct.Struct("!Q")
# BLAS libraries start their own threads at import unless told not to.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# After a batch leaves the process holding more than this (MB, resident), it hands over to a
# fresh one: memory a huge article took is not given back to the system otherwise.
RECYCLE_ENV = "NEWSDESK_TAGGER_RECYCLE_MB"
RECYCLE_MB = 700

# (id, canonical text, block ranges) of one article.
Item = tuple[str, str, Sequence[Sequence[int]]]


class TaggerError(RuntimeError):
    """The tagger process could not pre-tag the texts (its message says why) or stopped."""


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - our own child process, over its own pipe


def _plain(knowledge: Knowledge) -> Knowledge:
    """The knowledge without what it has cached (matchers and lookups are rebuilt there)."""
    return Knowledge(
        registry=knowledge.registry,
        confirmed_labels=dict(knowledge.confirmed_labels),
        rejected=knowledge.rejected,
    )


class TaggerProcess:
    """One tagger process, started on first use and again after it stops.

    Safe to share between threads (one batch at a time) and across a fork: a forked
    process starts its own child rather than writing to its parent's.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model or ""
        self.model_version = ""
        # How many times a process stopped after a batch because it had grown too big.
        self.recycled = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._owner = 0
        self._knowledge_version: str | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._owner == os.getpid() else None

    def start(self) -> None:
        """Start the process and wait until its model is loaded (if not already running)."""
        with self._lock:
            self._ensure()

    def pretag(
        self, items: Sequence[Item], knowledge: Knowledge = NO_KNOWLEDGE
    ) -> list[PretagResult]:
        """One result per item, in order, as `pipeline.pretag_texts` gives them."""
        with self._lock:
            return self._ask("pretag", list(items), knowledge)

    def status(self) -> dict[str, object]:
        """How the process runs: its pid, threads, and whether glibc still counts it as
        single-threaded."""
        with self._lock:
            return self._ask("status", [], None)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._owner != os.getpid():
            self._process = None  # the parent's child: leave it to the parent
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        env = {**os.environ, **_ONE_THREAD}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        process = subprocess.Popen(
            [sys.executable, "-m", "apps.nlp.tagger_process", self.model],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._process, self._owner = process, os.getpid()
        try:
            kind, value = _receive(process.stdout)
        except EOFError:
            self._stop()
            raise TaggerError("the tagger process stopped while loading the model") from None
        if kind != "ready":
            self._stop()
            raise TaggerError(value)
        self.model_version = value
        return process

    def _ask(self, kind: str, items: list[Item], knowledge: Knowledge | None) -> Any:
        process = self._ensure()
        sent = None
        if knowledge is not None and knowledge.version != self._knowledge_version:
            sent = _plain(knowledge)
        try:
            _send(process.stdin, (kind, items, sent))
            reply, value, leaving = _receive(process.stdout)
        except (EOFError, BrokenPipeError, OSError):
            code = self._stop()
            raise TaggerError(f"the tagger process stopped (exit code {code})") from None
        if sent is not None:
            self._knowledge_version = knowledge.version
        if leaving:
            # It has grown too big and ends after this answer; the next batch starts another.
            self._stop()
            self.recycled += 1
            logger.info("the tagger process grew past %s MB and was replaced", _recycle_mb())
        if reply != "ok":
            raise TaggerError(value)
        return value

    def _stop(self) -> int | None:
        process, self._process = self._process, None
        self._knowledge_version = None
        if process is None or self._owner != os.getpid():
            return None
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()


@functools.cache
def shared_tagger(model: str | None = None) -> TaggerProcess:
    """This process's tagger process for `model`, started on first use."""
    return TaggerProcess(model)


def libc_single_threaded() -> bool | None:
    """Whether glibc still counts this process as single-threaded (None: not glibc)."""
    import ctypes

    try:
        return bool(ctypes.c_bool.in_dll(ctypes.CDLL(None), "__libc_single_threaded").value)
    except (OSError, ValueError):  # not glibc
        return None


def _status() -> dict[str, object]:
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = threading.active_count()
    return {"pid": os.getpid(), "threads": threads, "single_threaded": libc_single_threaded()}


def _resident_mb() -> float:
    """This process's resident memory, in MB (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _recycle_mb() -> float:
    try:
        return float(os.environ.get(RECYCLE_ENV, RECYCLE_MB))
    except ValueError:
        return float(RECYCLE_MB)


def serve(model: str | None, requests: IO[bytes], replies: IO[bytes]) -> None:
    """Load the model, say so, then answer requests until the parent closes the pipe, or
    until a batch leaves the process bigger than `NEWSDESK_TAGGER_RECYCLE_MB` (it says so
    with its answer, and ends)."""
    from apps.nlp.pipeline import get_nlp, model_version, pretag_texts

    try:
        nlp = get_nlp(model or None)
    except Exception as exc:  # noqa: BLE001 - told to the parent, which reports it
        _send(replies, ("error", f"{type(exc).__name__}: {exc}"))
        return
    _send(replies, ("ready", model_version(nlp)))
    knowledge = NO_KNOWLEDGE
    limit = _recycle_mb()
    while True:
        try:
            kind, items, new_knowledge = _receive(requests)
        except EOFError:
            return
        if new_knowledge is not None:
            knowledge = new_knowledge
        try:
            if kind == "status":
                value: object = _status()
            else:
                value = list(pretag_texts(items, nlp=nlp, knowledge=knowledge))
        except Exception as exc:  # noqa: BLE001 - one bad batch does not end the process
            logger.exception("pre-tagging failed in the tagger process")
            reply, value = "error", f"{type(exc).__name__}: {exc}"
        else:
            reply = "ok"
        leaving = _resident_mb() > limit
        try:
            _send(replies, (reply, value, leaving))
        except BrokenPipeError:  # the worker has gone: so does this process
            return
        if leaving:
            return


def main() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints cannot break a reply
    serve(sys.argv[1] if len(sys.argv) > 1 else None, sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
