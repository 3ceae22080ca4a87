"""Re-tagging replaces only what nobody touched: every change a person makes survives it."""

import importlib

import pytest
from django.apps import apps as django_apps

from apps.annotations import services
from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Quote, Status
from apps.articles.models import Article, TaggingState
from apps.ingest.services import article_retag
from tests.conftest import QUOTED_TEXT, SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = QUOTED_TEXT + "\n\n" + SAMPLE_TEXT


@pytest.fixture
def article(make_article):
    article = make_article(TEXT)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE, article.tagging_error
    return article


@pytest.fixture
def user(make_user):
    return make_user("annotator")


def act(article: Article, user, service: str, **arguments):
    article.refresh_from_db()
    return getattr(services, service)(
        article_id=article.id, version=article.version, actor=user, **arguments
    )


def retag(article: Article) -> None:
    article_retag(article=article)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE, article.tagging_error


def mention(article: Article, text: str, nth: int = 0) -> EntityMention:
    return EntityMention.objects.filter(article=article, text=text).order_by("start")[nth]


def span(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def mentions_over(article: Article, start: int, end: int) -> list[EntityMention]:
    return list(EntityMention.objects.filter(article=article, start__lt=end, end__gt=start))


def quotes_over(article: Article, start: int, end: int) -> list[Quote]:
    return list(Quote.objects.filter(article=article, start__lt=end, end__gt=start))


def test_a_relabelled_suggestion_survives_retagging_as_it_was_left(article, user):
    iraq = mention(article, "Iraq")
    act(article, user, "mention_update", id=iraq.id, label="LOC")
    retag(article)
    kept = EntityMention.objects.get(id=iraq.id)
    assert (kept.label, kept.status) == ("LOC", Status.SUGGESTED)
    assert mentions_over(article, kept.start, kept.end) == [kept]  # not suggested again


def test_a_resized_suggestion_survives_retagging(article, user):
    mr = mention(article, "Nouri Al Maliki")
    act(article, user, "mention_update", id=mr.id, start=mr.start + len("Nouri "))
    retag(article)
    kept = EntityMention.objects.get(id=mr.id)
    assert (kept.text, kept.status) == ("Al Maliki", Status.SUGGESTED)
    assert mentions_over(article, mr.start, mr.end) == [kept]


def test_a_suggestion_moved_to_another_entity_stays_there(article, user):
    maliki = mention(article, "Maliki")
    knights = Entity.objects.get(article=article, name="Michael Knights")
    act(article, user, "mention_update", id=maliki.id, entity=knights.id)
    retag(article)
    assert EntityMention.objects.get(id=maliki.id).entity_id == knights.id


def test_a_renamed_entity_keeps_its_name_and_its_mentions(article, user):
    entity = Entity.objects.get(article=article, name="Nouri Al Maliki")
    act(article, user, "entity_rename", id=entity.id, name="Nouri al-Maliki")
    retag(article)
    entity.refresh_from_db()
    assert entity.name == "Nouri al-Maliki"
    assert set(entity.mentions.values_list("text", flat=True)) == {
        "Nouri Al Maliki",
        "Al Maliki",
        "Maliki",
    }
    assert not Entity.objects.filter(article=article, name="Nouri Al Maliki").exists()
    assert Quote.objects.get(article=article, kind="indirect").speaker_entity_id == entity.id


def test_an_entity_linked_to_the_registry_keeps_the_link_and_its_mentions(article, user):
    entity = Entity.objects.get(article=article, name="United Nations")
    act(article, user, "registry_add", id=entity.id)
    retag(article)
    entity.refresh_from_db()
    assert entity.registry.name == "United Nations"
    assert list(entity.mentions.values_list("text", flat=True)) == ["United Nations"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"speaker": list(span("an analyst"))}, {"speaker_start": span("an analyst")[0]}),
        ({"cue": None}, {"cue_start": None, "cue_end": None}),
        ({"kind": "partial"}, {"kind": "partial"}),
    ],
    ids=["speaker", "cue", "kind"],
)
def test_a_changed_quote_suggestion_survives_retagging(article, user, change, expected):
    quote = Quote.objects.get(article=article, kind="direct")
    act(article, user, "quote_update", id=quote.id, **change)
    retag(article)
    kept = Quote.objects.get(id=quote.id)
    assert {name: getattr(kept, name) for name in expected} == expected
    assert kept.status == Status.SUGGESTED
    assert quotes_over(article, kept.start, kept.end) == [kept]


def test_a_speaker_entity_a_person_chose_is_kept_with_the_quote(article, user):
    quote = Quote.objects.get(article=article, kind="direct")
    baghdad = Entity.objects.get(article=article, name="Baghdad")
    act(article, user, "quote_update", id=quote.id, speaker_entity=baghdad.id)
    retag(article)
    assert Quote.objects.get(id=quote.id).speaker_entity_id == baghdad.id
    assert Entity.objects.filter(id=baghdad.id).exists()


def test_a_deleted_suggestion_is_not_suggested_again(article, user):
    monday = mention(article, "Monday")
    act(article, user, "mention_delete", id=monday.id)
    retag(article)
    assert mentions_over(article, monday.start, monday.end) == []


def test_untouched_suggestions_are_replaced_and_history_points_at_rows_that_exist(article, user):
    untouched = mention(article, "Baghdad", 1)
    iraq = mention(article, "Iraq")
    act(article, user, "mention_update", id=iraq.id, label="LOC")
    knights = Entity.objects.get(article=article, name="Michael Knights")
    act(article, user, "entity_rename", id=knights.id, name="Michael Knights (analyst)")
    retag(article)
    assert not EntityMention.objects.filter(id=untouched.id).exists()
    assert mentions_over(article, untouched.start, untouched.end)[0].text == "Baghdad"
    models = {"mention": EntityMention, "entity": Entity, "quote": Quote}
    for event in AnnotationEvent.objects.filter(article=article, actor__isnull=False):
        kind, _, row_id = event.target.partition(":")
        assert models[kind].objects.filter(id=row_id).exists(), event.target


def test_every_workspace_action_marks_what_it_changed_as_touched(article, user):
    iraq, baghdad = mention(article, "Iraq"), mention(article, "Baghdad")
    act(article, user, "mention_update", id=iraq.id, label="LOC")
    act(article, user, "suggestions_accept", label="PERSON")
    iraq.refresh_from_db()
    assert (iraq.touched_by, iraq.touched_at is not None) == (user, True)
    assert EntityMention.objects.get(id=baghdad.id).touched_at is None
    people = EntityMention.objects.filter(article=article, label="PERSON")
    assert all(m.touched_by == user for m in people)


def test_the_migration_marks_rows_the_history_shows_a_person_changed(article, user):
    iraq = mention(article, "Iraq")
    act(article, user, "mention_update", id=iraq.id, label="LOC")
    entity = Entity.objects.get(article=article, name="Monday")
    act(article, user, "entity_rename", id=entity.id, name="Monday 3 March")
    quote = Quote.objects.get(article=article, kind="direct")
    act(article, user, "quote_update", id=quote.id, kind="partial")
    accepted = act(article, user, "suggestions_accept", label="ORG").mentions
    for model in (EntityMention, Quote, Entity):
        model.objects.update(touched_at=None, touched_by=None)

    migration = importlib.import_module("apps.annotations.migrations.0005_touched_rows")
    migration.touched_from_history(django_apps, None)

    assert EntityMention.objects.get(id=iraq.id).touched_by == user
    assert Entity.objects.get(id=entity.id).touched_by == user
    assert Quote.objects.get(id=quote.id).touched_by == user
    assert accepted and all(EntityMention.objects.get(id=m.id).touched_by == user for m in accepted)
    assert EntityMention.objects.get(id=mention(article, "Baghdad").id).touched_at is None
