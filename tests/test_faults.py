"""Faults while `serve` runs on an embedded PostgreSQL in a temporary folder: the worker killed
with SIGKILL in the middle of a job, the web server killed, and the database restarted under
both. Everything recovers without a manual step; requests during the outage get 503."""

import json
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import psycopg
import pytest

from apps.core.embedded_db import embedded_database_settings, embedded_server_stop
from tests.test_operations import Browser, free_port, serve, stop, wait_for

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class App:
    def __init__(self, data_dir: Path, process: subprocess.Popen, port: int) -> None:
        self.pgdata = data_dir / "pgdata"
        self.process = process
        self.base = f"http://127.0.0.1:{port}"

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(
            host=str(self.pgdata), dbname="newsdesk", user="postgres", connect_timeout=5
        ) as conn:
            return conn.execute(query, params).fetchall()

    def child(self, needle: str) -> psutil.Process | None:
        for process in psutil.Process(self.process.pid).children():
            try:
                if needle in " ".join(process.cmdline()):
                    return process
            except psutil.NoSuchProcess:
                continue
        return None


def fetch(opener, url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def app():
    # Not under pytest's own temporary root: other pytest sessions on the machine reset its
    # permissions, and the embedded server runs as its own system user.
    data_dir = Path(tempfile.mkdtemp(prefix="newsdesk-faults-"))
    data_dir.chmod(0o755)
    port = free_port()
    process = serve(data_dir, port)
    running = App(data_dir, process, port)
    try:
        wait_for(lambda: Browser(running.base).get("/login/"), 180, "the web server")
        yield running
    finally:
        output = stop(process)
        print(output[-20000:])
        shutil.rmtree(data_dir, ignore_errors=True)


def test_a_job_whose_worker_is_killed_finishes_once_within_a_minute(app):
    def pretag_job_running():
        rows = app.sql(
            "SELECT id, worker_id FROM procrastinate_jobs "
            "WHERE task_name LIKE '%%pretag_articles' AND status = 'doing'"
        )
        return rows[0] if rows else None

    job_id, dead_worker = wait_for(pretag_job_running, 120, "the worker to take the sample's job")
    worker = app.child("procrastinate worker")
    assert worker is not None
    worker.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()

    def queued_again():
        [(status, worker_id)] = app.sql(
            "SELECT status, worker_id FROM procrastinate_jobs WHERE id = %s", [job_id]
        )
        return status != "doing" or worker_id != dead_worker

    wait_for(queued_again, 90, "the killed worker's job to be queued again")
    requeued_after = time.monotonic() - killed_at
    assert requeued_after < 60

    def finished():
        [(status,)] = app.sql("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
        return status == "succeeded"

    wait_for(finished, 120, "the job to finish on the restarted worker")
    print(
        f"killed worker's job queued again after {requeued_after:.1f} s, "
        f"finished {time.monotonic() - killed_at:.1f} s after the kill"
    )
    assert app.sql("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'") == [(0,)]
    assert app.sql("SELECT DISTINCT tagging_state FROM articles_article") == [("done",)]
    duplicates = app.sql(
        'SELECT article_id, start, "end", label, count(*) FROM annotations_entitymention '
        "GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"
    )
    assert duplicates == []
    assert app.sql("SELECT count(*) FROM annotations_entitymention")[0][0] > 0
    quote_duplicates = app.sql(
        'SELECT article_id, start, "end", count(*) FROM annotations_quote '
        "GROUP BY 1, 2, 3 HAVING count(*) > 1"
    )
    assert quote_duplicates == []


def test_a_killed_web_server_is_started_again(app):
    web = wait_for(lambda: app.child("runserver"), 30, "the web server process")
    web.send_signal(signal.SIGKILL)
    web.wait(10)
    browser = Browser(app.base)
    wait_for(lambda: browser.get("/login/"), 60, "the web server to be started again")
    assert app.process.poll() is None


def test_a_database_restart_is_survived_by_web_and_worker(app):
    browser = Browser(app.base)
    wait_for(lambda: browser.get("/login/"), 60, "the web server")
    browser.sign_in("editor", "demo-pass-123")
    [(article_id,)] = app.sql("SELECT id FROM articles_article")
    pages = ["/public/", "/api/v1/articles", "/articles/", f"/articles/{article_id}/"]
    for page in pages:
        assert fetch(browser.opener, app.base + page)[0] == 200, page

    assert embedded_server_stop(app.pgdata)
    seen: list[tuple[str, int]] = []
    outage_end = time.monotonic() + 6
    while time.monotonic() < outage_end:
        for page in pages:
            status, headers, body = fetch(browser.opener, app.base + page)
            seen.append((page, status))
            assert status != 500, (page, body[:500])
            if status == 503:
                assert int(headers["Retry-After"]) > 0
                if page.startswith("/api/"):
                    assert "database" in json.loads(body)["error"]
        time.sleep(0.3)
    assert any(status == 503 for _, status in seen), seen
    print(f"during the outage: {len(seen)} requests, {sum(s == 503 for _, s in seen)} got 503")

    embedded_database_settings(app.pgdata, keep_running=True)  # the database is back
    back = time.monotonic()
    for page in pages:
        wait_for(
            lambda page=page: fetch(browser.opener, app.base + page)[0] == 200,
            30,
            f"{page} to answer again",
        )
    web_recovery = time.monotonic() - back

    # The worker takes work again: whatever the outage interrupted finishes, and a re-tag
    # queued from the web runs.
    def settled():
        pending = app.sql(
            "SELECT count(*) FROM procrastinate_jobs "
            "WHERE task_name LIKE '%%pretag_articles' AND status IN ('todo', 'doing')"
        )
        return pending == [(0,)] and app.sql(
            "SELECT DISTINCT tagging_state FROM articles_article"
        ) == [("done",)]

    wait_for(settled, 120, "the work the outage interrupted to finish")
    [(last_job,)] = app.sql("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
    token = next(c.value for c in browser.jar if c.name == "csrftoken")
    status, _, _ = fetch(
        browser.opener,
        f"{app.base}/articles/{article_id}/retag/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Referer": app.base + "/"},
    )
    assert status in (200, 302)

    def retagged():
        rows = app.sql(
            "SELECT status FROM procrastinate_jobs "
            "WHERE id > %s AND task_name LIKE '%%pretag_articles'",
            [last_job],
        )
        return rows and all(status == "succeeded" for (status,) in rows)

    try:
        wait_for(retagged, 120, "the worker to run a job after the restart")
    except AssertionError as exc:
        jobs = app.sql(
            "SELECT id, task_name, status, worker_id, attempts, lock, scheduled_at, now() "
            "FROM procrastinate_jobs ORDER BY id"
        )
        workers = app.sql("SELECT id, last_heartbeat, now() FROM procrastinate_workers")
        raise AssertionError(f"{exc}: jobs {jobs}, workers {workers}") from None
    assert app.sql("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'") == [(0,)]
    print(f"web answered again {web_recovery:.1f} s after the database came back")
    assert app.process.poll() is None
