"""The sample article, from the pre-tagger's suggestions to corrected, with the keyboard alone.

What to correct comes from the gold files beside the sample: a suggestion whose text is a
gold form with a gold label is kept, one with the wrong label is relabelled, one that is no
gold entity is rejected; dates and numbers, which the gold leaves out, are kept. Quotes
that are not in the gold are rejected, and a quote whose speaker is none of the gold forms
gets its speaker from the words the annotator selects with the arrow keys.
"""

import bisect
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.annotations.models import MENTION_LABELS, EntityMention, Quote
from apps.articles.models import Article
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = Path(__file__).resolve().parents[2] / "apps" / "articles" / "demo"
LEFT_OUT = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
MISSING = ("Charge of the Knights", "EVENT")  # a gold entity the pre-tagger does not find

CURRENT = """() => {
    const el = document.querySelector('[data-ws-text] .is-current');
    if (!el) return null;
    return el.dataset.mention ? `m${el.dataset.mention}` : `q${el.dataset.quote}`;
}"""


def digit(label):
    return str(MENTION_LABELS.index(label) + 1)


def normal(text):
    return " ".join(re.sub(r"[“”\"]", "", text).split())


def gold():
    entities = json.loads((DEMO / "maliki-sanctions.entities.json").read_text())["entities"]
    forms = {f: [e["label"], *e.get("also", [])] for e in entities for f in e["forms"]}
    quotes = json.loads((DEMO / "maliki-sanctions.quotes.json").read_text())["quotes"]
    return forms, {normal(q["text"]): q for q in quotes}


def mention_verdict(mention, forms):
    labels = forms.get(re.sub(r"['’]s$", "", mention.text))
    if labels and mention.label in labels:
        return "keep"
    if labels:
        return labels[0]  # the label it should have
    return "keep" if mention.label in LEFT_OUT else "reject"


class Words:
    """Word positions as the page counts them, to know how many arrow presses reach a word."""

    def __init__(self, body):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+", body)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def at(self, offset):
        return bisect.bisect_right(self.starts, offset) - 1


def select_words(page, words, body, from_offset, start, end):
    """From the selected item at `from_offset`, select the words [start, end) with arrows."""
    here, first, last = words.at(from_offset), words.at(start), words.at(end - 1)
    for _ in range(abs(here - first)):
        page.keyboard.press("ArrowLeft" if first < here else "ArrowRight")
    for _ in range(last - first):
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == body[start:end]


def test_sample_article_corrected_with_the_keyboard_alone(page, sign_in, make_article):
    text = (DEMO / "maliki-sanctions.txt").read_text()
    article = make_article(text, title="Maliki sanctions")
    run_jobs()  # the real pre-tagger, through the job queue
    article.refresh_from_db()
    assert article.tagging_state == "done"
    body, words = article.body, Words(article.body)
    forms, gold_quotes = gold()

    mentions = {f"m{m.id}": m for m in EntityMention.objects.filter(article=article)}
    quotes = {f"q{q.id}": q for q in Quote.objects.filter(article=article)}
    plan = {key: mention_verdict(m, forms) for key, m in mentions.items()}
    speaker_fixes = {}
    for key, quote in quotes.items():
        wanted = gold_quotes.get(normal(quote.text))
        if wanted is None:
            plan[key] = "reject"
        elif quote.speaker_text not in wanted["speaker"]:
            # The gold speaker's nearest naming before the quote, the longest form there.
            spots = [
                (m.end(), -m.start(), m.start())
                for form in wanted["speaker"]
                for m in re.finditer(re.escape(form), body[: quote.start])
            ]
            _, _, start = max(spots)
            end = max(e for e, neg, _ in spots if -neg == start)
            speaker_fixes[key] = (start, end)
            plan[key] = "keep"
        else:
            plan[key] = "keep"
    rejects = {k for k, v in plan.items() if v == "reject"}
    relabels = {k: v for k, v in plan.items() if v not in ("keep", "reject")}
    assert rejects and relabels and speaker_fixes  # the pre-tags leave something to correct
    missing_start = body.index(MISSING[0])
    missing_end = missing_start + len(MISSING[0])
    assert not EntityMention.objects.filter(article=article, start=missing_start).exists()

    sign_in(page, "annotator")
    page.goto(f"/workspace/{article.pk}/")
    expect(page.locator("[data-workspace][data-ready=true]")).to_be_attached()
    status = page.locator("[data-save-status]")
    version = article.version

    def saved():
        expect(status).to_have_text(f"Saved (version {version}).")

    page.locator("[data-ws-text]").focus()
    page.keyboard.press("j")
    handled, checked_undo, created = set(), False, False
    while True:
        key = page.evaluate(CURRENT)
        if key in handled or key is None or key not in plan:
            page.keyboard.press("j")  # an item already done: on to the next suggestion
            after = page.evaluate(CURRENT)
            if after == key:
                break
            continue
        item = mentions.get(key) or quotes[key]
        handled.add(key)
        verdict = plan[key]
        if not created and key in mentions and item.start >= missing_start:
            # The missing entity: select its words with the arrows, label it with a digit.
            select_words(page, words, body, item.start, missing_start, missing_end)
            page.keyboard.press(digit(MISSING[1]))
            version += 1
            created = True
            handled.discard(key)
            saved()  # the new mention is now the selected one; the walk goes on from it
            continue
        if key in speaker_fixes:
            select_words(page, words, body, item.start, *speaker_fixes[key])
            page.keyboard.press("s")
            version += 1
        if verdict == "reject":
            page.keyboard.press("r")
            version += 1
        elif verdict != "keep":
            page.keyboard.press(digit(verdict))
            version += 1
            if not checked_undo:  # undo and redo the relabel, checking what is stored
                saved()
                assert EntityMention.objects.get(id=item.id).label == verdict
                page.keyboard.press("z")
                version += 1
                saved()
                assert EntityMention.objects.get(id=item.id).label == item.label
                page.keyboard.press("y")
                version += 1
                saved()
                assert EntityMention.objects.get(id=item.id).label == verdict
                checked_undo = True
            page.keyboard.press("a")
            version += 1
        elif key in speaker_fixes:
            page.keyboard.press("a")
            version += 1
        else:
            page.keyboard.press("j")  # right as it is: left for accept-all below
    assert created and checked_undo
    assert handled >= {k for k in plan if plan[k] != "keep" or k in speaker_fixes}
    page.keyboard.press("Shift+A")  # every suggestion still open is right: accept them all
    version += 1
    saved()
    expect(page.locator("[data-remaining]")).to_have_text("0 suggestions to check")

    # What is stored: nothing left to check, and each correction as intended.
    assert Article.objects.get(id=article.id).version == version
    stored = {f"m{m.id}": m for m in EntityMention.objects.filter(article=article)}
    stored |= {f"q{q.id}": q for q in Quote.objects.filter(article=article)}
    assert {item.status for item in stored.values()} == {"accepted", "rejected"}
    for key, verdict in plan.items():
        item = stored[key]
        assert item.status == ("rejected" if verdict == "reject" else "accepted"), key
        if key in relabels:
            assert item.label == verdict
    for key, (start, end) in speaker_fixes.items():
        quote = stored[key]
        assert (quote.speaker_start, quote.speaker_end) == (start, end)
        assert quote.speaker_text in gold_quotes[normal(quote.text)]["speaker"]
        assert quote.speaker_type == "named"
    made = EntityMention.objects.get(article=article, start=missing_start, end=missing_end)
    assert (made.label, made.status, made.origin) == (MISSING[1], "accepted", "human")
    # Every kept mention now agrees with the gold, and every kept quote has a gold speaker.
    for item in stored.values():
        if item.status != "accepted":
            continue
        if isinstance(item, Quote):
            assert item.speaker_text in gold_quotes[normal(item.text)]["speaker"]
        elif item.label not in LEFT_OUT:
            assert item.label in forms[re.sub(r"['’]s$", "", item.text)], item.text
