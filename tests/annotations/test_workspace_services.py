"""The workspace's services: each change bumps the version, writes history, and can be undone."""

import pytest

from apps.annotations import services
from apps.annotations.models import AnnotationEvent, Entity, EntityMention, Quote, RegistryEntity
from apps.articles.models import Article
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db

TEXT = "Jane Doe met John Roe in Paris. “It went well,” Doe said. Roe left for Rome."


@pytest.fixture
def article(make_article):
    return annotate(
        make_article(TEXT),
        mentions=[
            ("Jane Doe", "PERSON", "Jane Doe"),
            ("John Roe", "PERSON", "John Roe"),
            ("Paris", "GPE", "Paris"),
            ("Doe", "PERSON", "Jane Doe"),
        ],
        quotes=[("It went well,", "direct")],
    )


@pytest.fixture
def user(make_user):
    return make_user("annotator")


def run(op: dict, article: Article, user):
    """Call the service an action names, as the view does."""
    name = op.pop("op")
    article.refresh_from_db()
    return getattr(services, name)(article_id=article.id, version=article.version, actor=user, **op)


def test_every_change_bumps_the_version_and_writes_history(article, user):
    mention = EntityMention.objects.get(text="Paris")
    change = run({"op": "mention_update", "id": mention.id, "status": "accepted"}, article, user)
    assert change.article.version == 2
    event = AnnotationEvent.objects.get()
    assert (event.action, event.target, event.actor) == (
        "mention_status",
        f"mention:{mention.id}",
        user,
    )
    assert (event.before, event.after, event.article_version) == (
        {"status": "suggested"},
        {"status": "accepted"},
        2,
    )
    assert change.undo == {"op": "mention_update", "id": mention.id, "status": "suggested"}


def test_a_stale_version_is_refused_and_changes_nothing(article, user):
    mention = EntityMention.objects.get(text="Paris")
    with pytest.raises(services.VersionConflict):
        services.mention_update(
            article_id=article.id,
            version=article.version - 1,
            actor=user,
            id=mention.id,
            label="LOC",
        )
    assert EntityMention.objects.get(id=mention.id).label == "GPE"
    assert not AnnotationEvent.objects.exists()


def test_create_delete_and_restore_a_mention_under_its_old_id(article, user):
    start = TEXT.index("Rome")
    made = run(
        {"op": "mention_create", "start": start, "end": start + 4, "label": "GPE"}, article, user
    )
    mention = made.mentions[0]
    assert (mention.text, mention.origin, mention.status) == ("Rome", "human", "accepted")
    gone = run(made.undo, article, user)
    assert gone.deleted_mentions == [mention.id]
    back = run(dict(gone.undo), article, user)
    assert back.mentions[0].id == mention.id
    assert EntityMention.objects.get(id=mention.id).text == "Rome"


def test_a_new_mention_joins_the_entity_already_named_so(article, user):
    start = TEXT.index("Roe left")
    made = run(
        {"op": "mention_create", "start": start, "end": start + 3, "label": "PERSON"}, article, user
    )
    assert made.mentions[0].entity.name == "Roe"
    second = TEXT.index("Doe said")
    EntityMention.objects.filter(text="Doe").delete()
    made = run(
        {"op": "mention_create", "start": second, "end": second + 3, "label": "PERSON"},
        article,
        user,
    )
    assert made.mentions[0].entity.name == "Doe"


def test_accept_all_of_a_label_then_of_the_article_and_undo(article, user):
    change = run({"op": "suggestions_accept", "label": "PERSON"}, article, user)
    assert len(change.mentions) == 3
    assert EntityMention.objects.get(text="Paris").status == "suggested"
    run({"op": "suggestions_accept"}, article, user)
    assert not EntityMention.objects.filter(status="suggested").exists()
    assert Quote.objects.get().status == "accepted"
    run(dict(change.undo), article, user)
    assert EntityMention.objects.filter(status="suggested").count() == 3


def test_quote_speaker_cue_bounds_kind_and_delete_restore(article, user):
    quote = Quote.objects.get()
    doe = EntityMention.objects.get(text="Doe")
    said = TEXT.index("said")
    run(
        {
            "op": "quote_update",
            "id": quote.id,
            "speaker": [doe.start, doe.end],
            "speaker_entity": doe.entity_id,
            "speaker_type": "named",
            "cue": [said, said + 4],
            "kind": "partial",
            "end": quote.end - 1,
        },
        article,
        user,
    )
    quote.refresh_from_db()
    assert (quote.speaker_text, quote.cue_text, quote.kind, quote.text) == (
        "Doe",
        "said",
        "partial",
        "It went well",
    )
    assert quote.speaker_entity.name == "Jane Doe"
    change = run({"op": "quote_update", "id": quote.id, "speaker": None, "speaker_entity": None,
                  "speaker_type": "unknown"}, article, user)  # fmt: skip
    assert Quote.objects.get().speaker_start is None
    run(dict(change.undo), article, user)
    assert Quote.objects.get().speaker_text == "Doe"
    deleted = run({"op": "quote_delete", "id": quote.id}, article, user)
    assert not Quote.objects.exists()
    run(dict(deleted.undo), article, user)
    restored = Quote.objects.get()
    assert (restored.id, restored.kind, restored.cue_text) == (quote.id, "partial", "said")


def test_entities_rename_merge_unmerge_split(article, user):
    jane = Entity.objects.get(name="Jane Doe")
    john = Entity.objects.get(name="John Roe")
    Quote.objects.update(speaker_entity=john)
    run({"op": "entity_rename", "id": jane.id, "name": "Jane Q. Doe"}, article, user)
    with pytest.raises(services.AnnotationRefused):
        run({"op": "entity_rename", "id": jane.id, "name": "John Roe"}, article, user)
    merged = run({"op": "entity_merge", "id": john.id, "into": jane.id}, article, user)
    assert not Entity.objects.filter(id=john.id).exists()
    assert Quote.objects.get().speaker_entity_id == jane.id
    assert jane.mentions.count() == 3
    run(dict(merged.undo), article, user)  # unmerge
    assert Entity.objects.get(id=john.id).mentions.get().text == "John Roe"
    assert Quote.objects.get().speaker_entity_id == john.id
    doe = EntityMention.objects.get(text="Doe")
    split = run({"op": "entity_split", "mentions": [doe.id]}, article, user)
    assert EntityMention.objects.get(id=doe.id).entity.name == "Doe"
    run(dict(split.undo), article, user)
    assert EntityMention.objects.get(id=doe.id).entity_id == jane.id


def test_registry_add_and_link(article, user, make_article):
    jane = Entity.objects.get(name="Jane Doe")
    run({"op": "registry_add", "id": jane.id}, article, user)
    entry = RegistryEntity.objects.get()
    assert (entry.name, entry.label, entry.aliases) == ("Jane Doe", "PERSON", ["Doe"])
    other = annotate(make_article("Ms Doe spoke."), mentions=[("Doe", "PERSON", "Doe")])
    entity = Entity.objects.get(article=other)
    change = run({"op": "entity_link", "id": entity.id, "registry": entry.id}, other, user)
    assert Entity.objects.get(id=entity.id).registry == entry
    run(dict(change.undo), other, user)
    assert Entity.objects.get(id=entity.id).registry is None
    again = services.registry_entity_create(
        name="Jane  Doe", label="PERSON", aliases=["J. Doe"], actor=user
    )
    assert again == entry
    assert RegistryEntity.objects.get().aliases == ["Doe", "J. Doe"]


@pytest.mark.parametrize(
    "op",
    [
        {"op": "mention_create", "start": 0, "end": 10_000, "label": "PERSON"},
        {"op": "mention_create", "start": 5, "end": 2, "label": "PERSON"},
        {"op": "mention_create", "start": 0, "end": 4, "label": "VILLAIN"},
        {"op": "quote_create", "start": 3, "end": 3, "kind": "direct"},
        {"op": "quote_create", "start": 0, "end": 4, "kind": "shouted"},
    ],
)
def test_bad_spans_and_labels_are_refused(article, user, op):
    with pytest.raises(services.AnnotationRefused):
        run(op, article, user)
    assert Article.objects.get(id=article.id).version == article.version
    assert not AnnotationEvent.objects.exists()


def test_ids_of_another_article_are_not_found(article, user, make_article):
    other = annotate(make_article("Someone in Oslo."), mentions=[("Oslo", "GPE", "Oslo")])
    foreign = EntityMention.objects.get(article=other)
    own_entity = Entity.objects.filter(article=article).first()
    for op in [
        {"op": "mention_update", "id": foreign.id, "status": "accepted"},
        {"op": "mention_delete", "id": foreign.id},
        {"op": "entity_merge", "id": foreign.entity_id, "into": own_entity.id},
        {"op": "mention_restore", "id": foreign.id, "start": 0, "end": 4, "label": "GPE",
         "status": "accepted", "origin": "human"},
    ]:  # fmt: skip
        with pytest.raises((EntityMention.DoesNotExist, Entity.DoesNotExist)):
            run(op, article, user)
    assert EntityMention.objects.get(id=foreign.id).status == "suggested"
    assert not AnnotationEvent.objects.exists()
