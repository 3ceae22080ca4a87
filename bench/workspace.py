"""The correction workspace on the sample article beside a 10,000-word article.

    .venv/bin/python bench/workspace.py [--rounds 15]

Opens the workspace in Chromium (Playwright) for the sample article, pre-tagged by the real
pre-tagger, and for a generated 10,000-word article with about 1,500 suggestions; then
times, in the page, a key press (accept, relabel) until the page shows the saved result.
Prints medians and each long-article figure as a ratio to the sample's. Goals: an action
<= 1.5x the sample's; opening <= the growth in text.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
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
    from apps.annotations.models import Entity, EntityMention, Quote
    from apps.annotations.services import articles_pretag
    from apps.articles.models import Article
    from apps.ingest.services import article_ingest

    sample_raw = (ROOT / "apps" / "articles" / "demo" / "maliki-sanctions.txt").read_text()
    sample = article_ingest(title="Sample", raw=sample_raw, fmt="txt", created_by=None)
    articles_pretag(article_ids=[sample.id])
    long = article_ingest(title="Long", raw=long_text(), fmt="txt", created_by=None)
    # The long article's suggestions are made directly: every name, place and organisation.
    import re

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
    Article.objects.filter(id__in=[sample.id, long.id]).update(tagging_state="done")
    return (
        Article.objects.get(id=sample.id),
        Article.objects.get(id=long.id),
    )


def measure(page, base: str, article, rounds: int) -> dict:
    opened = []
    for _ in range(3):
        t0 = time.perf_counter()
        page.goto(f"{base}/workspace/{article.id}/")
        page.wait_for_selector("[data-workspace][data-ready=true]", state="attached")
        opened.append((time.perf_counter() - t0) * 1000)
    page.locator("[data-ws-text]").focus()
    page.keyboard.press("j")
    accept = [page.evaluate(PRESS, "a") for _ in range(rounds)]
    # Relabel one mention back and forth between two labels neither article starts with.
    page.locator("[data-ws-text] mark").nth(3).click()
    relabel = [page.evaluate(PRESS, "4" if n % 2 == 0 else "5") for n in range(rounds)]
    accept = [t for t in accept if t is not None]
    relabel = [t for t in relabel if t is not None]
    return {
        "open": statistics.median(opened),
        "accept": statistics.median(accept),
        "relabel": statistics.median(relabel),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
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
                results = {}
                for name, article in (("sample", sample), ("long", long)):
                    results[name] = measure(page, base, article, args.rounds)
                browser.close()
        finally:
            server.terminate()
        counts = {
            a.id: (len(a.body.split()), EntityMention.objects.filter(article=a).count())
            for a in (sample, long)
        }
    growth = counts[long.id][0] / counts[sample.id][0]
    print(
        f"sample: {counts[sample.id][0]} words, {counts[sample.id][1]} mentions; "
        f"long: {counts[long.id][0]} words, {counts[long.id][1]} mentions "
        f"(text grows {growth:.1f}x)\n"
    )
    rows = []
    for what, goal in (("open", f"<= {growth:.1f}"), ("accept", "<= 1.5"), ("relabel", "<= 1.5")):
        s, lg = results["sample"][what], results["long"][what]
        rows.append([what, f"{s:.1f}", f"{lg:.1f}", f"{lg / s:.2f}", goal])
    print(table(["measure (ms, median)", "sample", "long", "ratio", "goal"], rows))


if __name__ == "__main__":
    main()
