"""`make run`: migrate, create the demo data, then run the web server and a worker together.

The two children are supervised: one that exits (a worker that lost its database connection,
a web server killed by someone) is started again after a pause that doubles with each quick
failure, up to MAX_BACKOFF_SECONDS, so a database restart is ridden out without a manual
step. Only Ctrl-C or SIGTERM stops the app.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from apps.core.embedded_db import embedded_server_stop

# One worker for pre-tagging, file imports and housekeeping (the "default" queue), and one
# for URL imports alone: a slow web site then never holds up pre-tagging.
WORKER_QUEUES = ("pretag,imports,default", "fetch")

FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
# A child that ran this long before exiting was healthy: its next restart is immediate-ish.
HEALTHY_AFTER_SECONDS = 30.0
POLL_SECONDS = 0.2


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    start_after: float = 0.0
    backoff: float = FIRST_BACKOFF_SECONDS
    restarts: int = field(default=0)

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env)
        self.started_at = time.monotonic()

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def schedule_restart(self, now: float) -> float:
        if now - self.started_at >= HEALTHY_AFTER_SECONDS:
            self.backoff = FIRST_BACKOFF_SECONDS
        delay = self.backoff
        self.backoff = min(self.backoff * 2, MAX_BACKOFF_SECONDS)
        self.process = None
        self.start_after = now + delay
        self.restarts += 1
        return delay


class Command(BaseCommand):
    help = "Prepare the database and demo data, then serve the app with one background worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--no-demo", action="store_true", help="skip the demo accounts and article"
        )

    def handle(self, *args, host: str, port: str, no_demo: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        if not no_demo:
            call_command("seed_demo", stdout=self.stdout)
        # The children open their own connections; this process needs none while it waits.
        connections.close_all()
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        env = {**os.environ, "NEWSDESK_EMBEDDED_ATTACH_ONLY": "1"}
        children = [
            *(
                Child(
                    f"worker ({queues})",
                    [sys.executable, manage, "procrastinate", "worker", f"--queues={queues}"],
                    env,
                )
                for queues in WORKER_QUEUES
            ),
            Child(
                "web server",
                [sys.executable, manage, "runserver", f"{host}:{port}", "--noreload"],
                env,
            ),
        ]
        for child in children:
            child.start()
        shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
        self.stdout.write(
            self.style.SUCCESS(f"\nNewsdesk is running at http://{shown_host}:{port}/")
            + "\nSign in as editor, annotator, reviewer or admin with the password above."
            + "\nPress Ctrl-C to stop.\n"
        )
        self.stdout.flush()
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                self._supervise(children)
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            pass
        self._stop(children)
        embedded_dir = getattr(settings, "EMBEDDED_DATABASE_DIR", None)
        if embedded_dir is not None:
            connections.close_all()
            embedded_server_stop(embedded_dir)
        self.stdout.write("Newsdesk stopped.")

    def _supervise(self, children: list[Child]) -> None:
        now = time.monotonic()
        for child in children:
            if child.process is None:
                if now >= child.start_after:
                    self.stderr.write(f"Starting the {child.name} again.")
                    child.start()
                continue
            code = child.exited()
            if code is not None:
                delay = child.schedule_restart(now)
                self.stderr.write(
                    f"The {child.name} stopped (exit code {code}); restarting in {delay:.1f} s."
                )

    def _stop(self, children: list[Child]) -> None:
        running = [
            c.process for c in children if c.process is not None and c.process.poll() is None
        ]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
