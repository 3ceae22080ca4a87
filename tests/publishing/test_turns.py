"""Whose turn it is: assignment rules in the editing engine and the workflow, four eyes."""

import pytest

from apps.annotations import services as annotation_services
from apps.annotations.models import EntityMention, Status
from apps.publishing import services
from apps.publishing.models import PublishedVersion

pytestmark = pytest.mark.django_db


def accept_baghdad(article, actor):
    article.refresh_from_db()
    mention = EntityMention.objects.get(article=article, status=Status.SUGGESTED)
    return annotation_services.mention_update(
        article_id=article.id,
        version=article.version,
        actor=actor,
        id=mention.id,
        status="accepted",
    )


@pytest.fixture
def people(make_user):
    return {
        name: make_user(role, name)
        for name, role in [
            ("ann", "annotator"),
            ("other", "annotator"),
            ("rev", "reviewer"),
            ("rev2", "reviewer"),
            ("editor", "editor"),
            ("admin", "admin"),
        ]
    }


def test_only_the_assigned_annotator_changes_an_article_in_annotation(tagged_article, people):
    article = tagged_article()
    services.workflow_assign(
        article=article, actor=people["editor"], annotator=people["ann"], reviewer=people["rev"]
    )
    services.annotation_start(article=article, actor=people["ann"])
    for intruder in ("other", "rev"):
        with pytest.raises(annotation_services.EditForbidden, match="in annotation with ann"):
            accept_baghdad(article, people[intruder])
    with pytest.raises(services.WorkflowError, match="assigned to ann"):
        services.review_request(article=article, actor=people["other"])
    accept_baghdad(article, people["ann"])
    assert not EntityMention.objects.filter(article=article, status=Status.SUGGESTED).exists()


def test_only_the_reviewer_changes_an_article_in_review(tagged_article, people):
    article = tagged_article()
    services.workflow_assign(
        article=article, actor=people["editor"], annotator=people["ann"], reviewer=people["rev"]
    )
    services.annotation_start(article=article, actor=people["ann"])
    services.review_request(article=article, actor=people["ann"])
    for intruder in ("ann", "rev2"):
        with pytest.raises(annotation_services.EditForbidden, match="in review with rev"):
            accept_baghdad(article, people[intruder])
    with pytest.raises(services.WorkflowError, match="assigned to rev"):
        services.review_approve(article=article, actor=people["rev2"])
    accept_baghdad(article, people["admin"])  # an admin may step in
    assert services.review_approve(article=article, actor=people["rev"]).number == 1


def test_four_eyes_refuses_a_reviewer_who_made_every_change(tagged_article, people, settings):
    article = tagged_article()
    services.annotation_start(article=article, actor=people["rev"])
    accept_baghdad(article, people["rev"])
    services.review_request(article=article, actor=people["rev"])
    with pytest.raises(services.WorkflowError, match="Four eyes"):
        services.review_approve(article=article, actor=people["rev"])
    assert PublishedVersion.objects.count() == 0
    settings.NEWSDESK_FOUR_EYES = False
    assert services.review_approve(article=article, actor=people["rev"]).number == 1


def test_four_eyes_allows_a_reviewer_who_corrected_someone_elses_work(tagged_article, people):
    article = tagged_article()
    services.annotation_start(article=article, actor=people["ann"])
    annotation_services.entity_rename(
        article_id=article.id,
        version=article.version,
        actor=people["ann"],
        id=article.entities.get(name="Baghdad").id,
        name="Baghdad city",
    )
    services.review_request(article=article, actor=people["ann"])
    accept_baghdad(article, people["rev"])
    assert services.review_approve(article=article, actor=people["rev"]).number == 1


def test_refusals_are_pages_and_messages(tagged_article, people, client):
    article = tagged_article()
    services.annotation_start(article=article, actor=people["ann"])
    client.force_login(people["editor"])
    page = client.get(f"/workspace/{article.pk}/")
    assert page.status_code == 403
    assert b"Editors assign that work" in page.content and b"site-header" in page.content
    client.force_login(people["other"])
    page = client.get(f"/workspace/{article.pk}/")
    assert b"in annotation with ann" in page.content
    article.refresh_from_db()
    mention = EntityMention.objects.get(article=article, status=Status.SUGGESTED)
    answer = client.post(
        f"/workspace/{article.pk}/actions/",
        {
            "op": "mention_update",
            "id": mention.id,
            "status": "accepted",
            "version": article.version,
        },
        content_type="application/json",
    )
    assert answer.status_code == 403 and "in annotation with ann" in answer.json()["error"]
    client.logout()
    missing = client.get(f"/public/articles/{article.pk}/")
    assert missing.status_code == 404 and b"Nothing here" in missing.content
