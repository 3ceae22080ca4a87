"""Newsdesk's exports for Label Studio and doccano import back without losing a label or a
speaker."""

from collections import Counter

import pytest

from apps.annotations.models import EntityMention, Quote, Status
from apps.articles.models import Article
from apps.ingest import parsers
from apps.ingest.models import AnnotationMode, ImportKind
from apps.ingest.parsers import tools
from apps.ingest.services import import_batch_create, import_batch_map
from tests.conftest import run_jobs
from tests.exports.test_export_formats import corpus, download  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot(*, statuses: set[str]) -> dict:
    out = {}
    for article in Article.objects.order_by("title"):
        mentions = EntityMention.objects.visible().filter(article=article, status__in=statuses)
        by_span = {(m.start, m.end): m for m in mentions}
        quotes = []
        for q in Quote.objects.visible().filter(article=article, status__in=statuses):
            speaker = (q.speaker_start, q.speaker_end)
            # The speaker's entity is the mention at the speaker's span, where there is one.
            named = speaker in by_span and q.speaker_entity is not None
            quotes.append((q.start, q.end, q.kind, *speaker, q.status, named))
        out[article.body] = (
            article.title,
            article.source,
            sorted((m.start, m.end, m.label, m.status) for m in mentions),
            sorted(quotes),
        )
    return out


def same_labels_and_speakers(before: dict, after: dict) -> bool:
    """Every mention with its label, every quote with its kind and speaker's span, and a
    speaker's entity wherever one was named; a speaker's entity may be found where there
    was none (the mention at its span)."""

    def plain(snap: dict) -> dict:
        return {
            body: (
                title,
                source,
                sorted(m[:3] for m in mentions),
                sorted(q[:5] for q in quotes),
                {q[:5] for q in quotes if q[6]},
            )
            for body, (title, source, mentions, quotes) in snap.items()
        }

    b, a = plain(before), plain(after)
    assert b.keys() == a.keys()
    for body in b:
        assert b[body][:4] == a[body][:4]
        assert b[body][4] <= a[body][4]
    return True


def import_back(exported: bytes) -> None:
    Article.objects.all().delete()
    batch = import_batch_create(kind=ImportKind.JSONL, data=exported, created_by=None)
    assert batch.awaiting_mapping
    _tool, records = parsers.tool_records(exported.decode())
    mapping = tools.default_mapping(*tools.labels_found(records))
    # Newsdesk's own labels map to themselves, its quote labels to their kinds.
    assert mapping["labels"]["QUOTE_DIRECT"] == "quote:direct"
    assert mapping["labels"].get("SPEAKER", "") == ""
    assert mapping["relations"] == {"speaker": "speaker"}
    assert import_batch_map(
        batch=batch, label_mapping=mapping, annotation_mode=AnnotationMode.ACCEPTED
    )
    run_jobs()
    assert set(batch.items.values_list("status", flat=True)) == {"stored"}


def test_label_studio_export_imports_back_with_every_label_and_speaker(
    client,
    make_user,
    corpus,  # noqa: F811
):
    client.force_login(make_user("editor"))
    before = snapshot(statuses={Status.ACCEPTED, Status.SUGGESTED})
    assert any(quotes for *_, quotes in before.values())
    exported = download(client, format="labelstudio.json")
    import_back(exported)
    # What people accepted comes back accepted, the suggestions (predictions) as suggestions,
    # but for a suggested mention that names the speaker of an accepted quote: the export
    # gives it in the annotation too, as Label Studio does for a region a person kept.
    after = snapshot(statuses={Status.ACCEPTED, Status.SUGGESTED})
    assert same_labels_and_speakers(before, after)
    promoted = {
        (body, m[:3])
        for body, (*_, mentions, _quotes) in before.items()
        for m in mentions
        if m[3] == Status.SUGGESTED
    } - {
        (body, m[:3])
        for body, (*_, mentions, _quotes) in after.items()
        for m in mentions
        if m[3] == Status.SUGGESTED
    }
    speakers = {(body, q[3:5]) for body, (*_, quotes) in before.items() for q in quotes}
    assert all((body, m[:2]) in speakers for body, m in promoted)


def test_doccano_relations_export_imports_back_with_every_label_and_speaker(
    client,
    make_user,
    corpus,  # noqa: F811
):
    client.force_login(make_user("editor"))
    # doccano has no place for suggestions: it gets what people accepted, and the mentions
    # that name the speakers of accepted quotes.
    before = {}
    for body, (title, source, mentions, quotes) in snapshot(
        statuses={Status.ACCEPTED, Status.SUGGESTED}
    ).items():
        kept = [q for q in quotes if q[5] == Status.ACCEPTED]
        speakers = {q[3:5] for q in kept}
        named = [m for m in mentions if m[3] == Status.ACCEPTED or m[:2] in speakers]
        before[body] = (title, source, named, kept)
    assert any(quotes for *_, quotes in before.values())
    exported = download(client, format="doccano-relations.jsonl")
    labels, _ = tools.labels_found(parsers.tool_records(exported.decode())[1])
    assert labels == Counter(labels)  # readable
    import_back(exported)
    # An article that came without annotations is pre-tagged: its suggestions are new.
    after = snapshot(statuses={Status.ACCEPTED})
    assert same_labels_and_speakers(before, after)
