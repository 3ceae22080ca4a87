"""Quotes without a speaker span, a cue or a speaker entity, and mentions without an entity,
on every published surface: the public page, the API and the exports."""

import csv
import io
import itertools
import json

import pytest
from django.urls import reverse

from apps.annotations.models import EntityMention, Quote
from apps.publishing import services

pytestmark = pytest.mark.django_db

COMBINATIONS = list(itertools.product([True, False], repeat=4))


def _label(combination) -> str:
    names = ("speaker", "cue", "speaker_entity", "mention_entity")
    return ",".join(("" if present else "no-") + n for n, present in zip(names, combination))


@pytest.mark.parametrize(
    ("speaker", "cue", "speaker_entity", "mention_entity"),
    COMBINATIONS,
    ids=[_label(c) for c in COMBINATIONS],
)
def test_every_published_surface_handles_missing_parts(
    client, tagged_article, make_user, speaker, cue, speaker_entity, mention_entity
):
    article = tagged_article()
    quote = Quote.objects.get(article=article)
    if not speaker:
        quote.speaker_start = quote.speaker_end = None
        quote.speaker_type = "unknown"
    if not cue:
        quote.cue_start = quote.cue_end = None
    if not speaker_entity:
        quote.speaker_entity = None
    quote.save()
    if not mention_entity:
        EntityMention.objects.filter(article=article).update(entity=None)
    annotator, reviewer = make_user("annotator", "ann"), make_user("reviewer", "rev")
    services.annotation_start(article=article, actor=annotator)

    detail = client_for(client, annotator).get(reverse("articles:detail", args=[article.pk]))
    assert detail.status_code == 200
    services.review_request(article=article, actor=annotator)
    services.review_approve(article=article, actor=reviewer)
    client.logout()

    page = client.get(reverse("public:article", args=[article.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    if speaker_entity:
        assert "— Michael Knights" in html
    elif speaker:
        assert "— Michael Knights" in html  # the speaker's words in the text
    else:
        assert "unknown speaker" in html
    assert ("cue “said”" in html) == cue

    data = client.get(reverse("api:article", args=[article.pk])).json()
    [api_quote] = data["quotes"]
    assert (api_quote["speaker"] is None) != speaker
    assert (api_quote["cue"] is None) != cue
    assert (api_quote["speaker_entity"] is None) != speaker_entity
    assert all(e["entity"] for e in data["entities"])
    quotes = client.get(reverse("api:quotes"), {"article": article.pk})
    assert quotes.status_code == 200
    [listed] = quotes.json()["results"]
    assert (listed["speaker"] is None) != speaker and (listed["cue"] is None) != cue
    assert client.get(reverse("api:articles")).status_code == 200
    assert client.get(reverse("public:list")).status_code == 200

    client.force_login(annotator)
    for version in ("published", "working"):
        for fmt in ("quotes.csv", "entities.csv", "articles.csv"):
            rows = list(csv.reader(io.StringIO(download(client, fmt, version).decode())))
            assert len(rows) >= 2, (fmt, version)
        for fmt in ("pretag.jsonl", "doccano.jsonl", "labelstudio.jsonl", "entities.conll"):
            assert download(client, fmt, version), (fmt, version)
        lines = download(client, "pretag.jsonl", version).splitlines()
        [record] = [json.loads(line) for line in lines]
        assert (record["quotes"][0]["speaker"] is None) != speaker


def client_for(client, user):
    client.force_login(user)
    return client


def download(client, fmt: str, version: str) -> bytes:
    response = client.get(reverse("exports:page"), {"format": fmt, "version": version})
    assert response.status_code == 200, (fmt, version, response.content[:300])
    return b"".join(response.streaming_content)
