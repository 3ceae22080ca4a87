"""Load benchmark: 50 signed-in annotators and 10 anonymous readers against the production
setup (gunicorn + a procrastinate worker, DEBUG=0), on loopback, for a bounded time.

Annotators open a workspace (the page and its state.json) and accept or relabel mentions
through the workspace's JSON endpoint, as the browser does; readers open the public pages
and the API. Prints requests, errors and p50/p95/p99 per action, p95 under load as a ratio to
p95 of the same action with one user, then checks in the database that every successful
action left exactly one history row.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsdesk .venv/bin/python bench/load.py
    … --seconds 30 --servers "gunicorn:--workers 4" "gunicorn:--workers 2 --threads 8" runserver

It uses (and then drops) a throwaway database `newsdesk_load` on the same server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, table, throwaway_database  # noqa: E402

PASSWORD = "load-test-password-123"
ARTICLES = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    """One visitor: a keep-alive connection and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.headers.get("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, data

    def sign_in(self, username: str) -> None:
        _, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.decode()}
        ).encode()
        status, _ = self.request(
            "POST",
            "/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"},
        )
        assert status == 302, f"sign-in of {username} answered {status}"


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.conflicts = 0
        self.samples: dict[str, str] = {}
        self.events: list[int] = []

    def timed(self, action: str, call):
        started = time.perf_counter()
        try:
            status, data = call()
        except OSError:
            status, data = 0, b""
        elapsed = time.perf_counter() - started
        with self.lock:
            if status in (200, 409):
                self.times[action].append(elapsed)
            else:
                self.errors[action] += 1
                self.samples.setdefault(action, f"{status} {data[:200]!r}")
        return status, data


def annotator(port: int, username: str, article_id: int, until: float, rec: Recorder) -> None:
    session = Session(port)
    session.sign_in(username)
    csrf = session.cookies["csrftoken"]
    rng = random.Random(username)
    while time.monotonic() < until:
        rec.timed("workspace page", lambda: session.request("GET", f"/workspace/{article_id}/"))
        status, data = rec.timed(
            "workspace state",
            lambda: session.request("GET", f"/workspace/{article_id}/state.json"),
        )
        if status != 200:
            continue
        state = json.loads(data)
        version = state["version"]
        for _ in range(5):
            if time.monotonic() >= until or not state["mentions"]:
                break
            mention = rng.choice(state["mentions"])
            if rng.random() < 0.5:
                action, change = "accept", {"status": "accepted"}
            else:
                label = rng.choice(["PERSON", "ORG", "GPE", "NORP", "LOC"])
                action, change = "relabel", {"label": label}
            payload = json.dumps(
                {"op": "mention_update", "id": mention["id"], "version": version, **change}
            ).encode()
            status, data = rec.timed(
                action,
                lambda payload=payload: session.request(
                    "POST",
                    f"/workspace/{article_id}/actions/",
                    payload,
                    {
                        "Content-Type": "application/json",
                        "Accept": "application/json",
                        "X-CSRFToken": csrf,
                        "Referer": "http://127.0.0.1/",
                    },
                ),
            )
            if status == 200:
                answer = json.loads(data)
                version = answer["version"]
                with rec.lock:
                    rec.events.append(answer["event"]["id"])
            elif status == 409:
                answer = json.loads(data)
                version, state = answer["version"], answer["state"]
                with rec.lock:
                    rec.conflicts += 1
            else:
                break


def reader(port: int, published: list[int], until: float, rec: Recorder, seed: int) -> None:
    session = Session(port)
    rng = random.Random(seed)
    pages = [
        ("public list", lambda: "/public/"),
        ("public article", lambda: f"/public/articles/{rng.choice(published)}/"),
        ("api articles", lambda: "/api/v1/articles?page_size=20"),
        ("api article", lambda: f"/api/v1/articles/{rng.choice(published)}"),
        ("api quotes", lambda: "/api/v1/quotes"),
    ]
    while time.monotonic() < until:
        name, path = rng.choice(pages)
        url = path()
        rec.timed(name, lambda url=url: session.request("GET", url))


def prepare(articles: int) -> list[int]:
    """Users for every role and `articles` copies of the sample article (one per annotator,
    as assignments give them, plus the published ones)."""
    from apps.accounts.services import roles_ensure, user_create_with_role
    from apps.ingest.services import article_ingest

    roles_ensure()
    for n in range(articles):
        user_create_with_role(username=f"annotator{n}", password=PASSWORD, role="annotator")
    user_create_with_role(username="reviewer", password=PASSWORD, role="reviewer")
    sample = (ROOT / "apps/articles/demo/maliki-sanctions.txt").read_text()
    created = [
        article_ingest(
            title=f"Load article {n}",
            raw=f"{sample}\n\nEdition {n}.",
            fmt="txt",
            created_by=None,
            queue_pretag=n == 0,
        )
        for n in range(articles)
    ]
    return [a.id for a in created]


def copy_suggestions(source_id: int, article_ids: list[int]) -> None:
    """The worker pre-tags the first copy; the others get the same suggestions (the texts
    differ only after the end), which is what pre-tagging each would store."""
    from django.db import transaction

    from apps.annotations.models import Entity, EntityMention, Quote
    from apps.articles.models import Article, TaggingState

    source = Article.objects.get(id=source_id)
    with transaction.atomic():
        for article_id in article_ids:
            mapping = {}
            for entity in Entity.objects.filter(article_id=source_id):
                old = entity.id
                entity.pk = None
                entity.article_id = article_id
                entity.save()
                mapping[old] = entity.id
            mentions = list(EntityMention.objects.filter(article_id=source_id))
            for mention in mentions:
                mention.pk = None
                mention.article_id = article_id
                mention.entity_id = mapping.get(mention.entity_id)
            EntityMention.objects.bulk_create(mentions)
            quotes = list(Quote.objects.filter(article_id=source_id))
            for quote in quotes:
                quote.pk = None
                quote.article_id = article_id
                quote.speaker_entity_id = mapping.get(quote.speaker_entity_id)
            Quote.objects.bulk_create(quotes)
            Article.objects.filter(id=article_id).update(
                tagging_state=TaggingState.DONE, tagger_version=source.tagger_version
            )


def publish(article_ids: list[int]) -> None:
    from django.contrib.auth import get_user_model

    from apps.annotations.models import EntityMention, Quote, Status
    from apps.articles.models import Article
    from apps.publishing import services as publishing

    User = get_user_model()
    annotator = User.objects.get(username="annotator0")
    reviewer = User.objects.get(username="reviewer")
    for article in Article.objects.filter(id__in=article_ids):
        EntityMention.objects.filter(article=article).update(status=Status.ACCEPTED)
        Quote.objects.filter(article=article).update(status=Status.ACCEPTED)
        publishing.annotation_start(article=article, actor=annotator)
        publishing.review_request(article=article, actor=annotator)
        publishing.review_approve(article=article, actor=reviewer)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def start_server(kind: str, env: dict[str, str], port: int) -> subprocess.Popen:
    name, _, args = kind.partition(":")
    if name == "gunicorn":
        argv = [
            str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
            "--bind", f"127.0.0.1:{port}", *shlex.split(args or "--workers 4"),
        ]  # fmt: skip
    elif name == "runserver":
        argv = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        env = {**env, "DEBUG": "1"}  # runserver serves static files only in debug mode
    else:
        raise SystemExit(f"unknown server {kind}")
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/login/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"{kind} did not start")


def run(kind: str, env, article_ids, published, annotators, readers, seconds) -> dict:
    from apps.annotations.models import AnnotationEvent

    port = free_port()
    server = start_server(kind, env, port)
    try:
        # One user alone: the baseline for every action.
        alone = Recorder()
        annotator(port, "annotator0", article_ids[0], time.monotonic() + 8, alone)
        reader(port, published, time.monotonic() + 4, alone, seed=0)

        loaded = Recorder()
        before = AnnotationEvent.objects.count()
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=annotator,
                args=(port, f"annotator{n}", article_ids[n], until, loaded),
            )
            for n in range(annotators)
        ] + [
            threading.Thread(target=reader, args=(port, published, until, loaded, n))
            for n in range(readers)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)

    created = AnnotationEvent.objects.count() - before
    matching = AnnotationEvent.objects.filter(id__in=loaded.events).count()
    return {
        "alone": alone,
        "loaded": loaded,
        "wall": wall,
        "created": created,
        "matching": matching,
    }


def report(kind: str, result: dict) -> None:
    alone, loaded = result["alone"], result["loaded"]
    rows = []
    for action in sorted(set(loaded.times) | set(loaded.errors)):
        times = loaded.times.get(action, [])
        base = percentile(alone.times.get(action, []), 95)
        p95 = percentile(times, 95)
        rows.append(
            [
                action,
                len(times) + loaded.errors.get(action, 0),
                loaded.errors.get(action, 0),
                f"{percentile(times, 50) * 1000:.0f}",
                f"{p95 * 1000:.0f}",
                f"{percentile(times, 99) * 1000:.0f}",
                f"{base * 1000:.0f}",
                f"{p95 / base:.1f}×" if base == base and base > 0 else "–",
            ]
        )
    total = sum(len(t) for t in loaded.times.values()) + sum(loaded.errors.values())
    print(f"\n## {kind}: {total:,} requests in {result['wall']:.0f} s "
          f"({total / result['wall']:.0f}/s), {sum(loaded.errors.values())} errors, "
          f"{loaded.conflicts} version conflicts (409)\n")  # fmt: skip
    for action, sample in loaded.samples.items():
        print(f"first error of {action}: {sample}")
    print(
        table(
            ["action", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "p95 alone ms",
             "p95 ratio"],
            rows,
        )
    )  # fmt: skip
    ok = len(loaded.events)
    unique = len(set(loaded.events))
    verdict = "OK" if ok == unique == result["matching"] == result["created"] else "MISMATCH"
    print(
        f"\nhistory: {ok} successful actions, {unique} distinct event ids, "
        f"{result['matching']} of them in the database, {result['created']} rows written "
        f"during the run: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--servers", nargs="+", default=["gunicorn:--workers 4"])
    parser.add_argument("--quick", action="store_true", help="10 seconds, 20 annotators")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.annotators, options.readers = 10, 20, 5
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (a throwaway database is made).")
    django_setup()
    from django.conf import settings
    from django.db import connections

    from apps.articles.models import Article, TaggingState

    with throwaway_database("newsdesk_load"):
        article_ids = prepare(options.annotators + 3)
        url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        database_url = url._replace(path="/" + settings.DATABASES["default"]["NAME"]).geturl()
        static_root = tempfile.mkdtemp(prefix="newsdesk-static-")
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        connections.close_all()
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 600
            while Article.objects.get(id=article_ids[0]).tagging_state != TaggingState.DONE:
                if time.monotonic() > deadline:
                    raise SystemExit("the worker did not pre-tag the sample")
                time.sleep(1)
            copy_suggestions(article_ids[0], article_ids[1:])
            published = article_ids[-3:]
            publish(published)
            working = article_ids[:-3]
            print(
                f"{options.annotators} annotators, each on an article of its own, "
                f"{options.readers} readers on {len(published)} published ones, "
                f"{options.seconds} s per server; {os.cpu_count()} CPUs"
            )
            for kind in options.servers:
                result = run(
                    kind, env, working, published, options.annotators, options.readers,
                    options.seconds,
                )  # fmt: skip
                report(kind, result)
                connections.close_all()
        finally:
            worker.terminate()
            worker.wait(30)
            connections.close_all()
            shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
