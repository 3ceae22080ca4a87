"""`make run`: migrate, create the demo data, then run the web server and a worker together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from apps.core.embedded_db import embedded_server_stop

# One worker for pre-tagging, file imports and housekeeping (the "default" queue), and one
# for URL imports alone: a slow web site then never holds up pre-tagging.
WORKER_QUEUES = ("pretag,imports,default", "fetch")


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
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        env = {**os.environ, "NEWSDESK_EMBEDDED_ATTACH_ONLY": "1"}
        children = [
            *(
                subprocess.Popen(
                    [sys.executable, manage, "procrastinate", "worker", f"--queues={queues}"],
                    env=env,
                )
                for queues in WORKER_QUEUES
            ),
            subprocess.Popen(
                [sys.executable, manage, "runserver", f"{host}:{port}", "--noreload"], env=env
            ),
        ]
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
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        embedded_dir = getattr(settings, "EMBEDDED_DATABASE_DIR", None)
        if embedded_dir is not None:
            connections.close_all()
            embedded_server_stop(embedded_dir)
        failed = [c for c in children if c.returncode not in (0, -signal.SIGINT, 130, None)]
        if failed and not stopping:
            self.stderr.write("A process stopped unexpectedly; Newsdesk has shut down.")
            sys.exit(1)
        self.stdout.write("Newsdesk stopped.")
