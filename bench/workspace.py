"""The correction workspace on the sample article beside a 10,000-word article.

    .venv/bin/python bench/workspace.py [--rounds 8] [--quick]

Opens the workspace in Chromium (Playwright) for the sample article, pre-tagged by the real
pre-tagger, and for a generated 10,000-word article with about 1,500 suggestions; then
times, in the page, a key press (accept, relabel) until the page shows the saved result.
The two articles alternate round by round after one warm-up round each; prints the median
(min–max) of wall and CPU time (this process, where the web server runs) and the long
article's wall time as a ratio to the sample's, pair by pair. Goals: an action <= 1.5x the
sample's; opening <= the growth in text. Then prints what opening sends for the sample, the
10,000-word article and a 50,000-word one: the page, and state.json gzipped and unpacked.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import Sample, Spread, cpu_seconds, machine_note  # noqa: E402
from _setup import ROOT, django_setup, table, throwaway_database  # noqa: E402

PASSWORD = "bench-password-not-secret-42"

# Time from a key press to the page showing the server's saved answer, in the page itself.
PRESS = """(key) => new Promise((resolve) => {
  const status = document.querySelector('[data-save-status]');
  const text = document.querySelector('[data-ws-text]');
  const before = status.textContent;
  const t0 = performance.now();
  const seen = new MutationObserver(() => {
    if (status.textContent.startsWith('Saved') && status.textContent !== before) {
      seen.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  seen.observe(status, {childList: true, characterData: true, subtree: true});
  setTimeout(() => { seen.disconnect(); resolve(null); }, 10000);
  const code = /^[0-9]$/.test(key) ? 'Digit' + key : '';
  text.dispatchEvent(new KeyboardEvent('keydown', {key, code, bubbles: true}));
})"""


def long_text(words: int = 10_000) -> str:
    names = ["Ahmed Kareem", "Laura Stone", "Nouri Hassan", "Maria Lopez", "Tom Becker"]
    places = ["Baghdad", "Geneva", "Washington", "Basra", "London", "Ankara"]
    orgs = ["the United Nations", "the Treasury", "Reuters", "the World Bank"]
    sentences, count, i = [], 0, 0
    while count < words:
        n, p, o = names[i % 5], places[i % 6], orgs[i % 4]
        sentence = (
            f"In {p}, {n} told {o} on day {i} that the talks had gone “as well as hoped”."
            if i % 3
            else f"{n} met officials from {o} in {p}, according to a statement issued on day {i}."
        )
        sentences.append(sentence + ("\n\n" if i % 6 == 5 else " "))
        count += len(sentence.split())
        i += 1
    return "".join(sentences).strip()


def make_articles():
    from apps.annotations.services import articles_pretag
    from apps.articles.models import Article
    from apps.ingest.services import article_ingest

    sample_raw = (ROOT / "apps" / "articles" / "demo" / "maliki-sanctions.txt").read_text()
    sample = article_ingest(title="Sample", raw=sample_raw, fmt="txt", created_by=None)
    articles_pretag(article_ids=[sample.id])
    long = long_article(10_000)
    Article.objects.filter(id=sample.id).update(tagging_state="done")
    return Article.objects.get(id=sample.id), long


def long_article(words: int):
    """A generated article of about `words` words with a suggestion on every name, place and
    organisation (made directly, not by the pre-tagger) and a quote on every fourth quote."""
    import re

    from apps.annotations.models import Entity, EntityMention, Quote
    from apps.articles.models import Article
    from apps.ingest.services import article_ingest

    long = article_ingest(title=f"Long {words}", raw=long_text(words), fmt="txt", created_by=None)

    body = long.body
    entities = {}
    mentions = []
    pattern = r"Ahmed Kareem|Laura Stone|Nouri Hassan|Maria Lopez|Tom Becker|Baghdad|Geneva"
    pattern += r"|Washington|Basra|London|Ankara|United Nations|Treasury|Reuters|World Bank"
    for match in re.finditer(pattern, body):
        text = match.group(0)
        label = (
            "PERSON"
            if " " in text and text not in ("United Nations", "World Bank")
            else (
                "ORG" if text in ("United Nations", "Treasury", "Reuters", "World Bank") else "GPE"
            )
        )
        if text not in entities:
            entities[text] = Entity.objects.create(article=long, name=text, label=label)
        mentions.append(
            EntityMention(article=long, entity=entities[text], start=match.start(),
                          end=match.end(), label=label, text=text)
        )  # fmt: skip
    EntityMention.objects.bulk_create(mentions)
    quotes = [
        Quote(article=long, start=m.start() + 1, end=m.end() - 1, text=m.group(0)[1:-1],
              kind="direct")
        for m in re.finditer(r"“[^”]+”", body)
    ][::4]  # fmt: skip
    Quote.objects.bulk_create(quotes)
    Article.objects.filter(id=long.id).update(tagging_state="done")
    return Article.objects.get(id=long.id)


def payload_rows(articles) -> list[list[object]]:
    """What opening each article's workspace sends: the page, and state.json with the body,
    as sent (gzipped) and unpacked; with the server time of state.json (median of 5)."""
    import gzip
    import statistics

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="bench"))
    rows = []
    for name, article in articles:
        page = client.get(f"/workspace/{article.id}/")
        times, state = [], None
        for _ in range(5):
            started = time.perf_counter()
            state = client.get(
                f"/workspace/{article.id}/state.json?body=1", HTTP_ACCEPT_ENCODING="gzip"
            )
            times.append((time.perf_counter() - started) * 1000)
        assert state is not None and state["Content-Encoding"] == "gzip"
        rows.append(
            [
                name,
                f"{len(page.content) / 1000:,.0f}",
                f"{len(state.content) / 1000:,.0f}",
                f"{len(gzip.decompress(state.content)) / 1000:,.0f}",
                f"{statistics.median(times):,.0f}",
            ]
        )
    return rows


PRESSES_PER_ROUND = 3


def one_round(page, base: str, article, results: dict[str, list[Sample]] | None) -> None:
    """Open the article's workspace, accept a few suggestions and relabel one mention back and
    forth; each timed in wall time (in the page) and in this process's CPU time (the web
    server runs here, in a thread). `results` None: a warm-up round, nothing kept."""

    def keep(what: str, wall_ms: float | None, cpu_started: float) -> None:
        if results is not None and wall_ms is not None:
            results.setdefault(what, []).append(
                Sample(wall_ms, (cpu_seconds() - cpu_started) * 1000)
            )

    cpu, t0 = cpu_seconds(), time.perf_counter()
    page.goto(f"{base}/workspace/{article.id}/")
    page.wait_for_selector("[data-workspace][data-ready=true]", state="attached")
    keep("open", (time.perf_counter() - t0) * 1000, cpu)
    page.locator("[data-ws-text]").focus()
    page.keyboard.press("j")
    for _ in range(PRESSES_PER_ROUND):
        cpu = cpu_seconds()
        keep("accept", page.evaluate(PRESS, "a"), cpu)
    # Relabel one mention back and forth between two labels neither article starts with.
    page.locator("[data-ws-text] mark").nth(3).click()
    for n in range(PRESSES_PER_ROUND):
        cpu = cpu_seconds()
        keep("relabel", page.evaluate(PRESS, "4" if n % 2 == 0 else "5"), cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    django_setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from apps.accounts.services import roles_ensure, user_create_with_role
    from apps.annotations.models import EntityMention

    with throwaway_database("bench_workspace"):
        roles_ensure()
        user_create_with_role(username="bench", password=PASSWORD, role="annotator")
        sample, long = make_articles()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        base = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=["--no-sandbox", "--disable-gpu"],
                )
                page = browser.new_page()
                page.goto(f"{base}/login/")
                page.get_by_label("Username").fill("bench")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url("**/articles/")
                results: dict[str, dict[str, list[Sample]]] = {"sample": {}, "long": {}}
                for article in (sample, long):  # warm both alike
                    one_round(page, base, article, None)
                for _ in range(rounds):  # sample, long, sample, long, …
                    for name, article in (("sample", sample), ("long", long)):
                        one_round(page, base, article, results[name])
                browser.close()
        finally:
            server.terminate()
        counts = {
            a.id: (len(a.body.split()), EntityMention.objects.filter(article=a).count())
            for a in (sample, long)
        }
        biggest = long_article(50_000)
        payload = payload_rows(
            [("sample", sample), ("10,000 words", long), ("50,000 words", biggest)]
        )
    growth = counts[long.id][0] / counts[sample.id][0]
    print(
        f"sample: {counts[sample.id][0]} words, {counts[sample.id][1]} mentions; "
        f"long: {counts[long.id][0]} words, {counts[long.id][1]} mentions "
        f"(text grows {growth:.1f}x)\n"
    )
    rows = []
    for what, goal in (("open", f"<= {growth:.1f}"), ("accept", "<= 1.5"), ("relabel", "<= 1.5")):
        short, longer = results["sample"][what], results["long"][what]
        ratios = [b.wall / a.wall for a, b in zip(short, longer, strict=False)]
        rows.append(
            [
                what,
                Spread.of([x.wall for x in short]).format(".1f"),
                Spread.of([x.wall for x in longer]).format(".1f"),
                Spread.of([x.cpu for x in short]).format(".1f"),
                Spread.of([x.cpu for x in longer]).format(".1f"),
                Spread.of(ratios).format(".2f"),
                goal,
            ]
        )
    headers = ["ms: median (min–max)", "sample wall", "long wall", "sample CPU", "long CPU"]
    print(f"{rounds} rounds, alternating; {machine_note()}\n")
    print(table([*headers, "long / sample (wall)", "goal"], rows))
    print("\nOpening, what is sent (kB; the page is not compressed: it holds the CSRF token)\n")
    payload_headers = ["article", "page", "state.json sent (gzip)", "unpacked", "server ms"]
    print(table(payload_headers, payload))


if __name__ == "__main__":
    main()
