"""Input that once crashed pages is refused with a clear 400 (JSON on JSON endpoints)."""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from apps.annotations.models import AnnotationEvent
from apps.publishing import services
from apps.publishing.models import Stage, Workflow
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db

NUL = "bad\x00value"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/public/", {"q": NUL}),
        ("/public/", {"entity": NUL}),
        ("/public/", {"speaker": NUL}),
        ("/public/", {"page": NUL}),
        ("/api/v1/articles", {"q": NUL}),
        ("/api/v1/articles", {"entity": NUL}),
        ("/api/v1/articles", {"speaker": "\x1b[31m"}),
        ("/api/v1/quotes", {"speaker": NUL}),
        ("/api/v1/quotes", {NUL: "x"}),
    ],
)
def test_control_characters_in_public_queries_are_refused(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert "control character" in response.json()["error"]
    else:
        assert b"control character" in response.content


@pytest.mark.parametrize(
    "path",
    ["/articles/", "/workspace/registry/", "/workspace/registry/search.json", "/exports/"],
)
def test_control_characters_in_signed_in_queries_are_refused(client, make_user, path):
    client.force_login(make_user("annotator"))
    response = client.get(path, {"q": NUL, "format": NUL})
    assert response.status_code == 400


def test_tabs_and_line_breaks_are_ordinary_text(client):
    assert client.get("/public/", {"q": "two\twords\r\nand a line"}).status_code == 200
    assert client.get("/api/v1/articles", {"q": "tab\there"}).status_code == 200


@pytest.fixture
def in_review(tagged_article, make_user):
    article = tagged_article()
    annotator = make_user("annotator", "ann")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    return article


def transition(client, article, action, comment):
    """As a browser posts the form: URL-encoded."""
    return client.post(
        reverse("publishing:transition", args=[article.pk]),
        urlencode({"action": action, "comment": comment}),
        content_type="application/x-www-form-urlencoded",
    )


def transition_multipart(client, article, action, comment):
    return client.post(
        reverse("publishing:transition", args=[article.pk]), {"action": action, "comment": comment}
    )


def test_nul_in_a_review_comment_is_refused(client, make_user, in_review):
    client.force_login(make_user("reviewer", "rev"))
    assert transition(client, in_review, "send_back", "Fix\x00 it").status_code == 400
    transition_multipart(client, in_review, "send_back", "Fix\x00 it")  # the service refuses
    assert Workflow.objects.get(article=in_review).stage == Stage.IN_REVIEW


def test_nul_in_a_retraction_reason_is_refused(client, make_user, in_review):
    services.review_approve(article=in_review, actor=make_user("reviewer", "rev"))
    client.force_login(make_user("editor"))
    assert transition(client, in_review, "retract", "Wrong\x00").status_code == 400
    transition_multipart(client, in_review, "retract", "Wrong\x00")
    assert Workflow.objects.get(article=in_review).stage == Stage.PUBLISHED


def test_comments_and_reasons_have_a_length_limit(client, make_user, in_review, settings):
    settings.NEWSDESK_MAX_COMMENT_CHARS = 5000
    reviewer = make_user("reviewer", "rev")
    client.force_login(reviewer)
    transition(client, in_review, "send_back", "x" * 2_000_000)
    assert Workflow.objects.get(article=in_review).stage == Stage.IN_REVIEW
    with pytest.raises(services.WorkflowError, match="under 5,000 characters"):
        services.review_send_back(article=in_review, actor=reviewer, comment="x" * 5001)
    with pytest.raises(services.WorkflowError, match="control character"):
        services.review_send_back(article=in_review, actor=reviewer, comment="a\x00b")
    workflow = services.review_send_back(article=in_review, actor=reviewer, comment="y" * 5000)
    assert workflow.stage == Stage.IN_ANNOTATION

    # The assigned annotator sends it back to review.
    services.review_request(article=in_review, actor=make_user("annotator", "ann"))
    services.review_approve(article=in_review, actor=reviewer)
    editor = make_user("editor")
    client.force_login(editor)
    transition(client, in_review, "retract", "r" * 2_000_000)
    assert Workflow.objects.get(article=in_review).stage == Stage.PUBLISHED
    with pytest.raises(services.WorkflowError, match="under 5,000 characters"):
        services.article_retract(article=in_review, actor=editor, reason="r" * 5001)


@pytest.fixture
def workspace(client, make_user, make_article):
    article = annotate(
        make_article("Jane Doe met John in Paris."), mentions=[("Jane Doe", "PERSON", "Jane Doe")]
    )
    client.force_login(make_user("annotator"))
    return article


def action(client, article, body: str):
    return client.post(
        f"/workspace/{article.id}/actions/",
        body,
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"op": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"op": ["mention_update"], "version": 1}',
        '{"op": {"a": 1}, "version": 1}',
        '{"op": 5, "version": 1}',
        '{"op": null, "version": 1}',
        '{"op": "entity_rename", "id": 1, "name": "Jane\\u0000", "version": 1}',
        "\xff\xfe",
        "[1, 2]",
    ],
    ids=[
        "deep-array",
        "deep-op",
        "list-op",
        "dict-op",
        "number-op",
        "null-op",
        "nul-in-string",
        "not-json",
        "not-an-object",
    ],
)
def test_hostile_workspace_bodies_are_refused_as_json(client, workspace, body):
    response = action(client, workspace, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not AnnotationEvent.objects.exists()


def test_an_ordinary_action_still_works(client, workspace):
    mention = workspace.mentions.first()
    payload = {"op": "mention_update", "id": mention.id, "status": "accepted", "version": 1}
    assert action(client, workspace, json.dumps(payload)).status_code == 200
