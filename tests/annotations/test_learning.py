"""Corrections feed the next pre-tag: the registry, confirmed labels and rejected forms."""

import pytest

from apps.annotations.models import (
    ConfirmedLabel,
    Entity,
    EntityMention,
    Origin,
    RegistryEntity,
    Status,
)
from apps.annotations.selectors import pretag_knowledge
from apps.articles.models import Article
from apps.publishing import services as publishing
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def tagged(make_article, text: str) -> Article:
    article = make_article(text)
    run_jobs()
    article.refresh_from_db()
    return article


def publish(article: Article, make_user) -> None:
    annotator = make_user("annotator", f"annotator-{article.pk}")
    reviewer = make_user("reviewer", f"reviewer-{article.pk}")
    publishing.annotation_start(article=article, actor=annotator)
    publishing.review_request(article=article, actor=annotator)
    publishing.review_approve(article=article, actor=reviewer)


def test_a_registry_name_links_the_new_articles_entity_and_names_the_version(make_article):
    entry = RegistryEntity.objects.create(
        name="Kestrel Mining Ltd", label="ORG", aliases=["Kestrel Mining"]
    )
    article = tagged(
        make_article, "Workers at Kestrel Mining walked out on Friday over unpaid wages."
    )
    entity = Entity.objects.get(article=article, name="Kestrel Mining Ltd")
    assert (entity.label, entity.registry_id) == ("ORG", entry.id)
    assert article.tagger_version.endswith("+k" + pretag_knowledge().version)
    assert pretag_knowledge().version != "0"


def test_a_label_confirmed_in_a_published_article_wins_next_time(make_article, make_user):
    text = "Velora announced new jobs in Leeds. Velora shares rose."
    first = tagged(make_article, text)
    # The model takes the company for a person; the annotator says it is an organisation.
    assert set(
        EntityMention.objects.filter(article=first, text="Velora").values_list("label", flat=True)
    ) == {"PERSON"}
    EntityMention.objects.filter(article=first, text="Velora").update(
        label="ORG", status=Status.ACCEPTED
    )
    publish(first, make_user)
    assert ("velora", "ORG") in set(ConfirmedLabel.objects.values_list("surface", "label"))

    second = tagged(make_article, "Velora announced a new factory in York. Velora is growing.")
    labels = set(
        EntityMention.objects.filter(article=second, text="Velora").values_list("label", flat=True)
    )
    assert labels == {"ORG"}


def test_a_retracted_article_teaches_nothing(make_article, make_user):
    article = tagged(make_article, "Brightwater rejected the offer on Monday.")
    EntityMention.objects.filter(article=article).update(status=Status.ACCEPTED)
    publish(article, make_user)
    assert ConfirmedLabel.objects.filter(article=article).exists()
    publishing.article_retract(
        article=article, actor=make_user("editor"), reason="The offer was misreported."
    )
    assert not ConfirmedLabel.objects.filter(article=article).exists()


def test_a_form_rejected_in_enough_articles_is_not_suggested_again(make_article, settings):
    settings.NEWSDESK_REJECTED_FORM_LIMIT = 2
    texts = [
        "Sources at Harbour View said the deal was off. It was signed in Leeds.",
        "Harbour View staff said nothing about the talks in Leeds.",
    ]
    for text in texts:
        article = tagged(make_article, text)
        rejected = EntityMention.objects.filter(
            article=article, origin=Origin.MACHINE, text="Harbour View"
        ).update(status=Status.REJECTED)
        assert rejected
    assert "harbour view" in pretag_knowledge().rejected
    third = tagged(make_article, "Harbour View owners met the mayor of Leeds on Friday.")
    texts_found = set(EntityMention.objects.filter(article=third).values_list("text", flat=True))
    assert "Harbour View" not in texts_found
    assert "Leeds" in texts_found
