"""The workspace's HTTP side: permissions, forged ids, hostile input, conflicts."""

import json

import pytest

from apps.annotations.models import AnnotationEvent, EntityMention
from apps.articles.models import Article
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return annotate(
        make_article("Jane Doe met John (5 < 6 & 7 > 2) in Paris."),
        mentions=[("Jane Doe", "PERSON", "Jane Doe"), ("Paris", "GPE", "Paris")],
    )


def post(client, article_id, payload):
    return client.post(
        f"/workspace/{article_id}/actions/", json.dumps(payload), content_type="application/json"
    )


def accept(article):
    mention = EntityMention.objects.filter(article=article).first()
    return {"op": "mention_update", "id": mention.id, "status": "accepted", "version": 1}


def unchanged(article):
    assert Article.objects.get(id=article.id).version == 1
    assert not AnnotationEvent.objects.exists()


def test_anonymous_users_cannot_open_or_change(client, article):
    assert client.get(f"/workspace/{article.id}/").status_code == 302
    assert post(client, article.id, accept(article)).status_code == 302
    unchanged(article)


def test_editors_cannot_open_or_change(client, make_user, article):
    client.force_login(make_user("editor"))
    assert client.get(f"/workspace/{article.id}/").status_code == 403
    assert post(client, article.id, accept(article)).status_code == 403
    unchanged(article)


def test_annotator_opens_the_page_and_saves(client, make_user, article):
    client.force_login(make_user("annotator"))
    page = client.get(f"/workspace/{article.id}/")
    assert page.status_code == 200
    # Markup in the body reaches the page escaped, as text only.
    assert b"John (5 &lt; 6 &amp; 7 &gt; 2)" in page.content
    assert b"5 < 6" not in page.content
    response = post(client, article.id, accept(article))
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 2
    assert data["mentions"][0]["status"] == "accepted"
    assert data["undo"]["status"] == "suggested"
    assert data["event"]["actor"] == "annotator"


def test_a_stale_version_gets_409_with_what_changed(client, make_user, article):
    client.force_login(make_user("annotator"))
    assert post(client, article.id, accept(article)).status_code == 200
    # The stale action touches the annotation that changed meanwhile: a conflict.
    first = EntityMention.objects.filter(article=article).first()
    response = post(
        client, article.id, {"op": "mention_update", "id": first.id, "label": "LOC", "version": 1}
    )
    assert response.status_code == 409
    data = response.json()
    assert data["version"] == 2
    assert [c["action"] for c in data["changes"]] == ["mention_status"]
    assert len(data["state"]["mentions"]) == 2
    assert EntityMention.objects.get(id=first.id).label != "LOC"


def test_a_stale_action_on_another_item_applies_and_brings_the_others_changes(
    client, make_user, article
):
    client.force_login(make_user("annotator"))
    assert post(client, article.id, accept(article)).status_code == 200
    paris = EntityMention.objects.get(text="Paris")
    response = post(
        client, article.id, {"op": "mention_update", "id": paris.id, "label": "LOC", "version": 1}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == 3
    assert {m["status"] for m in data["state"]["mentions"]} >= {"accepted"}
    assert EntityMention.objects.get(id=paris.id).label == "LOC"


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"op": "mention_create", "start": 0, "end": 999, "label": "PERSON"}, 400),
        ({"op": "mention_create", "start": 8, "end": 2, "label": "PERSON"}, 400),
        ({"op": "mention_create", "start": -1, "end": 2, "label": "PERSON"}, 400),
        ({"op": "mention_create", "start": 0, "end": 4, "label": "<script>"}, 400),
        ({"op": "mention_create", "start": "0", "end": [4], "label": "PERSON"}, 400),
        ({"op": "quote_update", "id": 1, "cue": [1, 2, 3]}, 400),
        ({"op": "statuses_set", "mentions": ["x"], "status": "accepted"}, 400),
        ({"op": "drop_tables"}, 400),
        ({"op": "mention_delete", "id": 987654}, 404),
        ({"op": "quote_delete", "id": 987654}, 404),
    ],
)
def test_hostile_input_is_refused_and_nothing_changes(client, make_user, article, payload, status):
    client.force_login(make_user("annotator"))
    response = post(client, article.id, {**payload, "version": 1})
    assert response.status_code == status
    unchanged(article)


def test_not_json_and_missing_version_are_refused(client, make_user, article):
    client.force_login(make_user("annotator"))
    bad = client.post(f"/workspace/{article.id}/actions/", "{nope", content_type="application/json")
    assert bad.status_code == 400
    payload = accept(article)
    del payload["version"]
    assert post(client, article.id, payload).status_code == 400
    unchanged(article)


def test_missing_article_is_404(client, make_user, article):
    client.force_login(make_user("annotator"))
    assert client.get("/workspace/999999/").status_code == 404
    assert post(client, 999999, accept(article)).status_code == 404
    unchanged(article)


def test_a_forged_id_from_another_article_is_404_and_changes_nothing(
    client, make_user, article, make_article
):
    other = annotate(make_article("Someone in Oslo."), mentions=[("Oslo", "GPE", "Oslo")])
    foreign = EntityMention.objects.get(article=other)
    client.force_login(make_user("annotator"))
    for payload in [
        {"op": "mention_update", "id": foreign.id, "label": "LOC"},
        {"op": "mention_delete", "id": foreign.id},
        {"op": "entity_rename", "id": foreign.entity_id, "name": "Hacked"},
        {"op": "statuses_set", "mentions": [foreign.id], "quotes": [], "status": "rejected"},
    ]:
        response = post(client, article.id, {**payload, "version": 1})
        assert response.status_code in (404, 200)
        # statuses_set only ever touches the article's own rows
    foreign.refresh_from_db()
    assert (foreign.label, foreign.status, foreign.entity.name) == ("GPE", "suggested", "Oslo")


def test_registry_page_and_history_page(client, make_user, article):
    client.force_login(make_user("reviewer"))
    response = client.post(
        "/workspace/registry/",
        {"name": "<i>Jane Doe</i>", "label": "PERSON", "aliases": "J. Doe\nDoe"},
    )
    assert response.status_code == 302
    page = client.get("/workspace/registry/?q=doe")
    assert b"&lt;i&gt;Jane Doe&lt;/i&gt;" in page.content
    found = client.get("/workspace/registry/search.json?q=J.&label=PERSON").json()
    assert [r["name"] for r in found["results"]] == ["<i>Jane Doe</i>"]
    assert post(client, article.id, accept(article)).status_code == 200
    history = client.get(f"/workspace/{article.id}/history/")
    assert "reviewer accepted ‘Jane Doe’".encode() in history.content
    assert client.get(f"/workspace/{article.id}/state.json").json()["version"] == 2


def test_the_page_carries_no_annotations_and_state_json_brings_them_with_the_body(
    client, make_user, article
):
    client.force_login(make_user("annotator"))
    page = client.get(f"/workspace/{article.id}/").content.decode()
    assert 'id="ws-state"' not in page and 'id="ws-body"' not in page
    state = client.get(f"/workspace/{article.id}/state.json?body=1").json()
    assert state["body"] == article.body and len(state["mentions"]) == 2
    assert "body" not in client.get(f"/workspace/{article.id}/state.json").json()


def test_the_presence_poll_gets_the_state_only_when_the_article_moved_on(
    client, make_user, article
):
    client.force_login(make_user("annotator"))
    url = f"/workspace/{article.id}/state.json"
    assert client.get(url, {"since": 1}).json() == {"version": 1, "present": []}
    assert post(client, article.id, accept(article)).status_code == 200
    moved = client.get(url, {"since": 1}).json()
    assert moved["version"] == 2 and moved["mentions"][0]["status"] == "accepted"
    for bad in ("x", "-1", "1.5", ""):
        answer = client.get(url, {"since": bad})
        assert answer.status_code == 400 and "since" in answer.json()["error"]
