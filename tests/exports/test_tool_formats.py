"""Exports for other tools: Label Studio's JSON array and doccano's relation JSONL carry the
quotes and who said each; the spaCy DocBin keeps ids, quotes and what was not annotated."""

import datetime
import json

import pytest

from apps.exports.documents import ArticleDocument, MentionRecord, QuoteRecord, _training_doc
from tests.exports.test_export_formats import corpus, download  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_label_studio_json_is_an_array_with_quotes_and_speaker_relations(
    client,
    make_user,
    corpus,  # noqa: F811
):
    first, second = corpus
    client.force_login(make_user("annotator"))
    tasks = json.loads(download(client, format="labelstudio.json"))
    assert isinstance(tasks, list) and {t["data"]["article_id"] for t in tasks} == {
        first.id,
        second.id,
    }
    task = next(t for t in tasks if t["data"]["article_id"] == first.id)
    result = task["annotations"][0]["result"]
    regions = {r["id"]: r for r in result if r["type"] == "labels"}
    quote = next(r for r in regions.values() if r["from_name"] == "quote")
    assert quote["value"]["labels"] == ["QUOTE_DIRECT"]
    assert quote["value"]["text"] == "We will build it"
    (relation,) = [r for r in result if r["type"] == "relation"]
    assert relation["to_id"] == quote["id"] and relation["labels"] == ["speaker"]
    speaker = regions[relation["from_id"]]
    assert speaker["value"]["text"] == "Jane Doe"
    body = first.body
    for region in regions.values():
        value = region["value"]
        assert body[value["start"] : value["end"]] == value["text"]


def test_doccano_relations_link_each_speaker_to_its_quote(
    client,
    make_user,
    corpus,  # noqa: F811
):
    first, _ = corpus
    client.force_login(make_user("annotator"))
    lines = download(client, format="doccano-relations.jsonl").decode().splitlines()
    record = next(r for r in map(json.loads, lines) if r["id"] == first.id)
    by_id = {e["id"]: e for e in record["entities"]}
    (relation,) = record["relations"]
    quote, speaker = by_id[relation["to_id"]], by_id[relation["from_id"]]
    assert quote["label"] == "QUOTE_DIRECT" and relation["type"] == "speaker"
    text = record["text"]
    assert text[speaker["start_offset"] : speaker["end_offset"]] == "Jane Doe"
    assert text[quote["start_offset"] : quote["end_offset"]] == "We will build it"


def test_training_doc_keeps_ids_quotes_speakers_and_marks_numbers_missing():
    body = "“Three of us stayed,” said Ana Ruiz, 31, in Lima."
    doc = _training_doc(
        ArticleDocument(
            id=7,
            title="Staying",
            byline="",
            source="Wire",
            url="",
            published_at=datetime.date(2025, 3, 1),
            body=body,
            tagger_version="v",
            mentions=[
                MentionRecord(body.index("Ana"), body.index("Ana") + 8, "PERSON", "Ana Ruiz",
                              "Ana Ruiz", "accepted", "m1"),
                MentionRecord(body.index("Lima"), body.index("Lima") + 4, "GPE", "Lima",
                              "Lima", "accepted", "m2"),
            ],
            quotes=[
                QuoteRecord(1, 19, body[1:19], "direct", None,
                            {"start": body.index("Ana"), "end": body.index("Ana") + 8,
                             "text": "Ana Ruiz"},
                            "Ana Ruiz", "named", "accepted"),
            ],
        )
    )  # fmt: skip
    assert doc.user_data["id"] == 7 and doc.user_data["published_at"] == "2025-03-01"
    assert [s.text for s in doc.spans["quotes"]] == ["Three of us stayed"]
    assert [s.text for s in doc.spans["speakers"]] == ["Ana Ruiz"]
    assert doc.user_data["quote_speakers"] == [0]
    iob = {t.text: t.ent_iob_ for t in doc}
    # A number is not known to be outside an entity: no label kind there was annotated.
    assert iob["31"] == "" and iob["Three"] == ""
    assert iob["stayed"] == "O" and iob["Ana"] == "B" and iob["Lima"] == "B"
