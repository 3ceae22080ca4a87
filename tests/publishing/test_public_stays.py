"""The latest published version stays public while the article is corrected again."""

import pytest

from apps.annotations.models import EntityMention, Status
from apps.publishing import services
from apps.publishing.models import PublishedVersion, Stage
from apps.publishing.selectors import public_article, public_quotes, public_state

pytestmark = pytest.mark.django_db


def publish(article, annotator, reviewer):
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    return services.review_approve(article=article, actor=reviewer)


def test_starting_annotation_again_keeps_the_version_public(tagged_article, make_user, client):
    article = tagged_article(title="Bridge plan")
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    first = publish(article, annotator, reviewer)
    services.annotation_start(article=article, actor=annotator)
    EntityMention.objects.filter(article=article).update(status=Status.ACCEPTED)

    assert list(PublishedVersion.objects.public()) == [first]
    assert [q.version for q in public_quotes()] == [first]
    assert public_article(article_id=article.pk)[1] == first
    assert client.get(f"/public/articles/{article.pk}/").status_code == 200
    body = client.get(f"/api/v1/articles/{article.pk}").json()
    assert (body["version"], len(body["entities"])) == (1, 1)
    state = public_state(article=article)
    assert (state.version, state.entities_added, state.entities_removed) == (first, 1, 0)

    services.review_request(article=article, actor=annotator)
    assert list(PublishedVersion.objects.public()) == [first]
    second = services.review_approve(article=article, actor=reviewer)
    assert list(PublishedVersion.objects.public()) == [second]
    assert public_state(article=article).differs is False


def test_retraction_during_correction_removes_it_and_keeps_the_stage(tagged_article, make_user):
    article = tagged_article()
    annotator = make_user("annotator")
    publish(article, annotator, make_user("reviewer"))
    services.annotation_start(article=article, actor=annotator)
    workflow = services.article_retract(article=article, actor=make_user("editor"), reason="Wrong")
    assert workflow.stage == Stage.IN_ANNOTATION
    assert PublishedVersion.objects.public().count() == 0
    assert public_state(article=article).retracted
    # Readers see the retraction, not a missing page.
    workflow, version = public_article(article_id=article.pk)
    assert version is not None and workflow.public_version is None
