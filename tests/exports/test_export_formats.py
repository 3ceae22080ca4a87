import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.annotations.models import EntityMention, Origin, Quote, QuoteKind, SpeakerType, Status
from apps.articles.models import Article
from apps.ingest.models import AnnotationMode, ImportKind
from apps.ingest.services import import_batch_create
from tests.conftest import SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

QUOTED = "“We will build it,” said Jane Doe, the mayor of =Springfield."


@pytest.fixture
def corpus(make_article):
    """Two tagged articles with a person's corrections on the first."""
    first = make_article(
        SAMPLE_TEXT + "\n\n" + QUOTED,
        title="=Maliki in Baghdad",
        source="Wire",
        published_at=datetime.date(2024, 5, 1),
    )
    second = make_article(
        "Angela Merkel visited Paris on Friday.",
        title="Merkel",
        source="Daily",
        published_at=datetime.date(2023, 1, 1),
    )
    run_jobs()
    body = first.body
    start = body.index("=Springfield")
    EntityMention.objects.create(
        article=first,
        start=start,
        end=start + 12,
        label="GPE",
        text="=Springfield",
        origin=Origin.HUMAN,
        status=Status.ACCEPTED,
    )
    rejected = EntityMention.objects.filter(article=first, text="Baghdad").get()
    rejected.status = Status.REJECTED
    rejected.save()
    q_start = body.index("We will")
    Quote.objects.filter(article=first).delete()
    Quote.objects.create(
        article=first,
        start=q_start,
        end=q_start + 16,
        text=body[q_start : q_start + 16],
        kind=QuoteKind.DIRECT,
        cue_start=body.index("said"),
        cue_end=body.index("said") + 4,
        speaker_start=body.index("Jane Doe"),
        speaker_end=body.index("Jane Doe") + 8,
        speaker_type=SpeakerType.NAMED,
        origin=Origin.HUMAN,
        status=Status.ACCEPTED,
    )
    return first, second


def download(client, **params):
    params.setdefault("version", "working")
    response = client.get(reverse("exports:page"), params)
    assert response.status_code == 200, response.content[:500]
    assert "attachment;" in response["Content-Disposition"]
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_exports_filter_stream_and_are_formula_safe(client, make_user, corpus):
    first, second = corpus
    client.force_login(make_user("annotator"))
    articles = csv_rows(download(client, format="articles.csv"))
    assert articles[0][:3] == ["article_id", "title", "byline"]
    assert [r[0] for r in articles[1:]] == [str(first.id), str(second.id)]
    assert articles[1][1] == "'=Maliki in Baghdad"

    entities = csv_rows(download(client, format="entities.csv", source="wire"))
    assert {r[0] for r in entities[1:]} == {str(first.id)}
    texts = [r[2] for r in entities[1:]]
    assert "'=Springfield" in texts and "Baghdad" not in texts
    for row in entities[1:]:
        assert first.body[int(row[5]) : int(row[6])] == row[2].removeprefix("'")

    accepted = csv_rows(download(client, format="entities.csv", accepted_only="on"))
    assert [r[2] for r in accepted[1:]] == ["'=Springfield"]

    dated = csv_rows(download(client, format="entities.csv", date_to="2023-12-31"))
    assert {r[0] for r in dated[1:]} == {str(second.id)}

    quotes = csv_rows(download(client, format="quotes.csv", article=first.id))
    assert quotes[0] == [
        "quote_id",
        "article_id",
        "title",
        "article_date",
        "source",
        "url",
        "kind",
        "quote",
        "start",
        "end",
        "cue",
        "speaker",
        "speaker_entity",
        "speaker_type",
        "speaker_role",
        "nested_in",
        "published_version",
        "status",
    ]
    [quote] = [dict(zip(quotes[0], row, strict=True)) for row in quotes[1:]]
    assert [quote["article_id"], quote["title"]] == [str(first.id), "'=Maliki in Baghdad"]
    assert [quote["quote"], quote["kind"]] == ["We will build it", "direct"]
    assert [quote["cue"], quote["speaker"]] == ["said", "Jane Doe"]
    assert first.body[int(quote["start"]) : int(quote["end"])] == quote["quote"]

    excel = download(client, format="entities.csv", excel="on")
    assert excel.startswith("\ufeff".encode()) and b"\r\n" in excel
    assert not download(client, format="entities.csv").startswith(b"\xef\xbb\xbf")


def publish(article, make_user):
    from apps.publishing.services import annotation_start, review_approve, review_request

    annotator, reviewer = make_user("annotator", "ann"), make_user("reviewer", "rev")
    annotation_start(article=article, actor=annotator)
    review_request(article=article, actor=annotator)
    return review_approve(article=article, actor=reviewer)


def test_published_versions_are_the_default_and_stay_frozen(client, make_user, corpus):
    first, second = corpus
    client.force_login(make_user("editor"))
    response = client.get(reverse("exports:page"), {"format": "entities.csv"})
    assert csv_rows(b"".join(response.streaming_content)) == [
        ["article_id", "title", "mention", "label", "entity", "start", "end", "status"]
    ]
    publish(first, make_user)
    # Work after publication does not reach the published export.
    EntityMention.objects.filter(article=first, text="=Springfield").update(text="x", label="ORG")
    params = {"format": "entities.csv", "version": "published"}
    rows = csv_rows(b"".join(client.get(reverse("exports:page"), params).streaming_content))
    assert [r[2:5] + [r[7]] for r in rows[1:]] == [
        ["'=Springfield", "GPE", "'=Springfield", "published"]
    ]
    params["format"] = "quotes.csv"
    quotes = csv_rows(b"".join(client.get(reverse("exports:page"), params).streaming_content))
    [quote] = [dict(zip(quotes[0], row, strict=True)) for row in quotes[1:]]
    assert [quote["quote"], quote["kind"]] == ["We will build it", "direct"]
    assert [quote["cue"], quote["speaker"], quote["status"]] == ["said", "Jane Doe", "published"]
    params["format"] = "articles.csv"
    articles = csv_rows(b"".join(client.get(reverse("exports:page"), params).streaming_content))
    assert [r[0] for r in articles[1:]] == [str(first.id)] and articles[1][-2:] == ["1", "1"]
    params["format"] = "pretag.jsonl"
    [line] = b"".join(client.get(reverse("exports:page"), params).streaming_content).splitlines()
    record = json.loads(line)
    assert record["text"] == first.body and len(record["entities"]) == 1

    response = client.get(reverse("exports:page"), {"format": "nope.csv"})
    assert response.status_code == 400


def test_training_formats_hold_the_entity_spans(client, make_user, corpus):
    import spacy
    from spacy.tokens import DocBin

    first, _ = corpus
    client.force_login(make_user("annotator"))
    visible = set(
        EntityMention.objects.filter(article=first)
        .exclude(status=Status.REJECTED)
        .values_list("start", "end", "label")
    )
    doccano = [json.loads(line) for line in download(client, format="doccano.jsonl").splitlines()]
    assert doccano[0]["text"] == first.body
    assert {tuple(label) for label in doccano[0]["label"]} == visible

    studio = [
        json.loads(line) for line in download(client, format="labelstudio.jsonl").splitlines()
    ]
    results = studio[0]["annotations"][0]["result"]
    assert [(r["value"]["text"], r["value"]["labels"]) for r in results] == [
        ("=Springfield", ["GPE"])
    ]
    predicted = {
        (r["value"]["start"], r["value"]["end"]) for r in studio[0]["predictions"][0]["result"]
    }
    assert predicted == {(s, e) for s, e, _ in visible} - {
        (results[0]["value"]["start"], results[0]["value"]["end"])
    }

    docs = list(
        DocBin()
        .from_bytes(download(client, format="entities.spacy"))
        .get_docs(spacy.blank("en").vocab)
    )
    assert docs[0].text == first.body
    # Training data cannot overlap: a span inside a longer one is left out.
    kept = {
        (s, e, label)
        for s, e, label in visible
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in visible)
    }
    assert {(e.start_char, e.end_char, e.label_) for e in docs[0].ents} == kept

    conll = download(client, format="entities.conll", article=first.id).decode()
    assert conll.startswith("-DOCSTART- -X- -X- O\n\n")
    assert "Nouri -X- _ B-PERSON\nAl -X- _ I-PERSON\nMaliki -X- _ I-PERSON\n" in conll
    assert "Baghdad -X- _ O\n" in conll


def test_pretag_jsonl_round_trip_gives_the_same_annotations(client, make_user, corpus):
    first, second = corpus
    client.force_login(make_user("editor"))

    def snapshot():
        out = {}
        for article in Article.objects.order_by("title"):
            mentions = sorted(
                (m.start, m.end, m.label, m.entity.name if m.entity else m.text)
                for m in EntityMention.objects.visible().filter(article=article)
            )
            quotes = sorted(
                (
                    q.start,
                    q.end,
                    q.kind,
                    q.cue_start,
                    q.cue_end,
                    q.speaker_start,
                    q.speaker_end,
                    q.speaker_type,
                    q.speaker_entity.name if q.speaker_entity else None,
                )
                for q in Quote.objects.visible().filter(article=article)
            )
            out[article.title] = (
                article.body,
                article.source,
                article.published_at,
                mentions,
                quotes,
            )
        return out

    before = snapshot()
    exported = download(client, format="pretag.jsonl")
    assert len(exported.splitlines()) == 2
    Article.objects.all().delete()
    batch = import_batch_create(
        kind=ImportKind.JSONL,
        data=exported,
        created_by=None,
        annotation_mode=AnnotationMode.ACCEPTED,
    )
    run_jobs()
    assert set(batch.items.values_list("status", flat=True)) == {"stored"}
    assert snapshot() == before
    assert set(Article.objects.values_list("tagger_version", flat=True)) == {"imported"}


def test_export_command_writes_any_format(tmp_path, corpus):
    first, _ = corpus
    out = tmp_path / "entities.csv"
    call_command(
        "export",
        "entities.csv",
        "--annotations",
        "working",
        "--article",
        str(first.id),
        "-o",
        str(out),
    )
    rows = csv_rows(out.read_bytes())
    assert rows[0][0] == "article_id" and {r[0] for r in rows[1:]} == {str(first.id)}
    spacy_file = tmp_path / "train.spacy"
    call_command("export", "entities.spacy", "--annotations", "working", "-o", str(spacy_file))
    assert spacy_file.stat().st_size > 0
    stdout = io.StringIO()
    call_command(
        "export", "pretag.jsonl", "--annotations", "working", "--state", "done", stdout=stdout
    )
    assert len(stdout.getvalue().splitlines()) == 2
    stdout = io.StringIO()
    call_command("export", "pretag.jsonl", stdout=stdout)  # nothing is published
    assert stdout.getvalue() == ""
