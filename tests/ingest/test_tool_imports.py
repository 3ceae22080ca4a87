"""Files exported by doccano and Label Studio, as those tools write them (tests/data/)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from apps.annotations.models import EntityMention, Origin, Quote, Status
from apps.articles.models import Article
from apps.articles.normalise import IngestError
from apps.ingest import parsers
from apps.ingest.models import AnnotationMode, ImportBatch, ImportItem, ImportKind, ImportUpload
from apps.ingest.parsers import tools
from apps.ingest.services import import_batch_create, import_batch_map, import_batch_run
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parent.parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def labels_of(name: str) -> tuple[Counter, Counter]:
    _tool, records = parsers.tool_records(data(name).decode())
    return tools.labels_found(records)


def mentions(article, **filters):
    return sorted(
        (m.text, m.label, m.status)
        for m in EntityMention.objects.filter(article=article, **filters)
    )


def quotes(article):
    return sorted(
        (
            q.text,
            q.kind,
            article.body[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None,
            q.speaker_entity.name if q.speaker_entity else None,
            q.status,
        )
        for q in Quote.objects.filter(article=article)
    )


@pytest.mark.parametrize(
    ("name", "tool"),
    [
        ("doccano-sequence.jsonl", "doccano"),
        ("doccano-sequence.json", "doccano"),
        ("doccano-relations.jsonl", "doccano"),
        ("labelstudio.json", "labelstudio"),
        ("labelstudio-min.json", "labelstudio"),
    ],
)
def test_each_tools_file_is_recognised(name, tool):
    assert parsers.file_tool(parsers.json_records(data(name).decode())) == tool


def test_label_names_are_counted_and_mapped_to_ours_by_default():
    labels, relations = labels_of("doccano-relations.jsonl")
    assert labels == Counter({"QUOTE": 3, "PER": 2, "LOC": 2, "ORG": 1, "PRONOUN": 1})
    assert relations == Counter({"said": 3, "refers_to": 1})
    mapping = tools.default_mapping(labels, relations)
    assert mapping == {
        "labels": {
            "PER": "PERSON",
            "ORG": "ORG",
            "LOC": "LOC",
            "QUOTE": "quote:direct",
            "PRONOUN": "",
        },
        "relations": {"said": "speaker", "refers_to": ""},
    }
    labels, _ = labels_of("labelstudio.json")
    # The cancelled annotation is not read; the prediction is.
    assert labels == Counter(
        {"Person": 5, "GPE": 3, "Organization": 1, "Quote": 2, "NORP": 1, "DATE": 1}
    )
    defaults = tools.default_mapping(labels, Counter())["labels"]
    assert defaults["Person"] == "PERSON" and defaults["Organization"] == "ORG"
    assert tools.default_target("MISC") == "" and tools.default_target("QUOTE_PARTIAL") == (
        "quote:partial"
    )


def test_a_tools_file_waits_for_its_mapping_and_stores_nothing_meanwhile(make_user):
    editor = make_user("editor")
    batch = import_batch_create(
        kind=ImportKind.JSONL,
        data=data("labelstudio.json"),
        filename="labelstudio.json",
        created_by=editor,
        annotation_mode=AnnotationMode.ACCEPTED,
    )
    assert batch.awaiting_mapping and batch.tool == "labelstudio"
    assert not ImportItem.objects.exists()
    assert ImportUpload.objects.filter(batch=batch).exists()
    run_jobs()
    import_batch_run(batch_id=batch.id)  # even a stray run leaves it waiting
    assert not Article.objects.exists()
    batch.refresh_from_db()
    assert batch.awaiting_mapping and batch.finished_at is None


def test_label_studio_annotations_and_predictions_come_in_with_the_mapping(make_user):
    editor = make_user("editor")
    batch = import_batch_create(
        kind=ImportKind.JSONL, data=data("labelstudio.json"), created_by=editor
    )
    labels, relations = labels_of("labelstudio.json")
    mapping = tools.default_mapping(labels, relations)
    mapping["labels"]["GPE"] = "LOC"  # renamed
    mapping["labels"]["NORP"] = ""  # left out
    assert mapping["relations"] == {"said_by": "speaker"}
    assert import_batch_map(
        batch=batch, label_mapping=mapping, annotation_mode=AnnotationMode.ACCEPTED
    )
    assert not import_batch_map(  # a second confirmation changes nothing
        batch=batch, label_mapping=mapping, annotation_mode=AnnotationMode.ACCEPTED
    )
    run_jobs()
    assert set(ImportItem.objects.values_list("status", flat=True)) == {"stored"}
    strike = Article.objects.get(title="Port strike")
    assert strike.source == "Wire"
    accepted, suggested = Status.ACCEPTED, Status.SUGGESTED
    assert mentions(strike) == [
        ("Felixstowe", "LOC", suggested),  # from the prediction
        ("Liverpool", "LOC", accepted),
        ("Monday", "DATE", suggested),
        ("Sharon Graham", "PERSON", accepted),  # in both: imported once, as annotated
        ("Unite", "ORG", accepted),
    ]
    assert quotes(strike) == [
        ("We will not back down", "direct", "Sharon Graham", "Sharon Graham", accepted)
    ]
    merkel = Article.objects.get(title="Merkel in Paris")
    assert [m[:2] for m in mentions(merkel)] == [
        ("Angela Merkel", "PERSON"),
        ("Emmanuel Macron", "PERSON"),
        ("Merkel", "PERSON"),
        ("Paris", "LOC"),
    ]  # NORP "French" was left out
    assert quotes(merkel) == [("The talks were useful", "direct", "Merkel", "Merkel", accepted)]
    quote = Quote.objects.get(article=merkel)
    assert quote.speaker_type == "named" and quote.origin == Origin.HUMAN


def test_doccano_relations_become_speakers_and_unmapped_ones_are_ignored(make_user):
    batch = import_batch_create(
        kind=ImportKind.JSONL,
        data=data("doccano-relations.jsonl"),
        created_by=make_user("editor"),
        annotation_mode=AnnotationMode.SUGGESTED,
        label_mapping=tools.default_mapping(*labels_of("doccano-relations.jsonl")),
    )
    assert not batch.awaiting_mapping  # a mapping given up front starts it at once
    run_jobs()
    lima = Article.objects.get(body__contains="Lima")
    assert quotes(lima) == [
        ("Not one sol", "direct", "he", None, Status.SUGGESTED),  # the pronoun is no mention
        (
            "the city would not pay",
            "direct",
            "Rafael López Aliaga",
            "Rafael López Aliaga",
            Status.SUGGESTED,
        ),
    ]
    assert ("he", "PRONOUN", Status.SUGGESTED) not in mentions(lima)


@pytest.mark.parametrize(
    "name", ["doccano-sequence.jsonl", "doccano-sequence.json", "labelstudio-min.json"]
)
def test_sequence_labelling_files_keep_their_spans(make_user, name):
    batch = import_batch_create(kind=ImportKind.JSONL, data=data(name), created_by=None)
    mapping = tools.default_mapping(*labels_of(name))
    import_batch_map(batch=batch, label_mapping=mapping, annotation_mode=AnnotationMode.ACCEPTED)
    run_jobs()
    assert ImportItem.objects.filter(status="stored").count() == 2
    strike = Article.objects.get(title="Port strike")
    kept = {(m.text, m.label) for m in EntityMention.objects.filter(article=strike)}
    assert ("Sharon Graham", "PERSON") in kept
    assert ("Liverpool", "LOC") in kept or ("Liverpool", "GPE") in kept
    assert "MISC" not in {label for _, label in kept}
    assert Quote.objects.filter(article=strike, text="We will not back down").exists()


def test_a_mapping_to_a_label_we_do_not_have_is_refused_and_the_batch_still_waits():
    batch = import_batch_create(
        kind=ImportKind.JSONL, data=data("doccano-sequence.jsonl"), created_by=None
    )
    with pytest.raises(IngestError, match="not a label"):
        import_batch_map(
            batch=batch, label_mapping={"labels": {"PER": "HERO"}}, annotation_mode="accepted"
        )
    batch.refresh_from_db()
    assert batch.awaiting_mapping and not ImportItem.objects.exists()


def test_json_arrays_in_the_pretag_shape_are_accepted(make_user):
    records = [
        {"id": "a", "text": "Jane Doe spoke in Paris.", "title": "One"},
        {"id": "b", "body": "Rome is far away.", "title": "Two"},
    ]
    batch = import_batch_create(
        kind=ImportKind.JSONL, data=json.dumps(records, indent=2).encode(), created_by=None
    )
    run_jobs()
    assert list(batch.items.values_list("label", "status")) == [
        ("item 1 (id a)", "stored"),
        ("item 2 (id b)", "stored"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (json.dumps({"text": "One article", "title": "x"}, indent=2), "one JSON object"),
        ('{"articles": [\n{"text": "x"}\n]}', "one JSON object"),
        ("title: not json\nbody: at all\n", "neither JSON Lines nor a JSON array"),
        ('{"headline": "x"}\n{"headline": "y"}\n', "none of the shapes"),
        ("[1, 2, 3]", "none of the shapes"),
        ("[{broken", "not a readable JSON array"),
    ],
)
def test_a_file_in_no_accepted_shape_gets_one_error_and_stores_nothing(content, message):
    with pytest.raises(IngestError, match=message):
        import_batch_create(kind=ImportKind.JSONL, data=content.encode(), created_by=None)
    assert not ImportBatch.objects.exists()


def test_a_relation_drawn_from_the_quote_to_its_speaker_still_names_the_speaker():
    text = "“No,” said Ann Lee."
    region = {"from_name": "label", "to_name": "text", "type": "labels"}
    task = {
        "id": 1,
        "data": {"text": text},
        "annotations": [
            {
                "id": 1,
                "result": [
                    {**region, "id": "q", "value": {"start": 1, "end": 3, "labels": ["Quote"]}},
                    {**region, "id": "p", "value": {"start": 11, "end": 18, "labels": ["PER"]}},
                    {"from_id": "q", "to_id": "p", "type": "relation", "direction": "left"},
                    {"from_id": "q", "to_id": "p", "type": "relation", "labels": ["said_by"]},
                ],
            }
        ],
    }
    read = tools.tool_record(task, tool=tools.LABEL_STUDIO, where="Item 1")
    mapping = tools.default_mapping(*tools.labels_found([read]))
    mapping["relations"][""] = "speaker"
    done, predicted = tools.record_annotations(read, mapping)
    assert done["quotes"] == [
        {
            "start": 1,
            "end": 3,
            "kind": "direct",
            "speaker": {"start": 11, "end": 18},
            "speaker_entity": "Ann Lee",
            "speaker_type": "named",
        }
    ]
    assert done["entities"] == [{"start": 11, "end": 18, "label": "PERSON"}]
    assert predicted == {"entities": [], "quotes": []}


def test_a_label_studio_task_whose_text_field_has_another_name_is_read():
    task = {"id": 3, "data": {"article": "Ann Lee spoke in Oslo.", "lang": "en"}, "annotations": []}
    read = tools.tool_record(task, tool=tools.LABEL_STUDIO, where="Item 1")
    assert read.text == "Ann Lee spoke in Oslo."
