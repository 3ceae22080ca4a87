"""The operator's view: `make run`'s serve command on the embedded PostgreSQL, and production
settings."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from apps.core.embedded_db import embedded_database_settings

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**extra: str) -> dict[str, str]:
    # The browser tests' async flag must not leak into the subprocesses (check --deploy refuses it).
    dropped = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_embedded_server_starts_in_a_folder_and_serves_a_database(tmp_path):
    settings = embedded_database_settings(tmp_path / "pg")
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    ) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("newsdesk",)
    assert (tmp_path / "pg" / "PG_VERSION").exists()


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def sign_in(self, username: str, password: str) -> str:
        form = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def serve(tmp_path: Path, port: int) -> subprocess.Popen:
    env = clean_env(
        NEWSDESK_DATA_DIR=str(tmp_path), PORT=str(port), DEMO_PASSWORD="demo-pass-123", DEBUG="1"
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> str:
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does in a terminal
    output, _ = process.communicate(timeout=40)
    return output


def test_serve_runs_web_and_worker_and_keeps_data_between_runs(tmp_path):
    port = free_port()
    process = serve(tmp_path, port)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: browser.get("/login/"), 180, "the web server")
        assert "Newsdesk" in browser.sign_in("annotator", "demo-pass-123")

        def tagged_listing():
            page = browser.get("/articles/")
            return page if "state-done" in page else None

        listing = wait_for(
            tagged_listing,
            120,
            "the worker to pre-tag the sample article",
        )
        assert "Maliki" in listing
    finally:
        output = stop(process)
    assert "running at http://localhost:" in output
    assert "password: demo-pass-123" in output
    assert process.returncode == 0, output
    # The embedded server stopped with the app.
    pid_file = tmp_path / "pgdata" / "postmaster.pid"
    wait_for(lambda: not pid_file.exists(), 20, "the embedded PostgreSQL to stop")

    process = serve(tmp_path, port)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: browser.get("/login/"), 180, "the web server, again")
        browser.sign_in("editor", "demo-pass-123")
        listing = browser.get("/articles/")
        assert len(re.findall(r'<a id="article-\d+-title" href="/articles/\d+/">', listing)) == 1
    finally:
        stop(process)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-" + "q" * 30,
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgresql://newsdesk@db.internal:5432/newsdesk",
}


def test_production_settings_pass_the_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_collects_the_static_files_it_serves(tmp_path):
    # The manifest storage rewrites every reference in CSS and JS: a missing file fails it.
    result = run_manage(
        "collectstatic", "--noinput", "-v0", **PRODUCTION, STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "js/workspace/main.js" in manifest and "vendor/chart-4.6.1.umd.min.js" in manifest


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(override, message):
    env = {**PRODUCTION, **override}
    if not env["SECRET_KEY"]:
        del env["SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_without_debug_set_the_app_refuses_the_default_secret():
    result = run_manage("check")  # no DEBUG, no SECRET_KEY, no ALLOWED_HOSTS
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_debug_set_the_settings_are_production_settings():
    env = {key: value for key, value in PRODUCTION.items() if key != "DEBUG"}
    script = "from django.conf import settings; print('debug', settings.DEBUG)"
    result = run_manage("shell", "-c", script, **env)
    assert "debug False" in result.stdout, result.stderr


def test_serving_pages_does_not_load_the_spacy_model(tmp_path):
    script = (
        "from django.test import Client; from apps.nlp.pipeline import get_nlp;"
        "from apps.accounts.services import roles_ensure, user_create_with_role;"
        "roles_ensure();"
        "u = user_create_with_role(username='e', password='pw-123456', role='editor');"
        "c = Client(SERVER_NAME='localhost'); c.force_login(u);"
        "assert c.get('/articles/').status_code == 200;"
        "assert c.get('/articles/new/').status_code == 200;"
        "print('loaded models:', get_nlp.cache_info().currsize)"
    )
    assert run_manage("migrate", NEWSDESK_DATA_DIR=str(tmp_path), DEBUG="1").returncode == 0
    result = run_manage("shell", "-c", script, NEWSDESK_DATA_DIR=str(tmp_path), DEBUG="1")
    assert "loaded models: 0" in result.stdout, result.stderr
