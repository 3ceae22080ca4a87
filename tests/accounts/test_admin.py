"""The Django admin: every model listed and searchable by the admin role, frozen and history
rows read-only, and nobody else let in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from apps.accounts.models import ApiKey
from apps.accounts.services import api_key_create
from apps.publishing import services
from apps.publishing.models import PublishedVersion

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "articles", "annotations", "ingest", "publishing"}


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


@pytest.fixture
def published(tagged_article, make_user):
    article = tagged_article()
    annotator = make_user("annotator", "ann")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    services.review_approve(article=article, actor=make_user("reviewer", "rev"))
    return article


def test_every_model_is_registered():
    assert [m for m in _our_models() if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_admin_lists_and_searches_every_model(client, make_user, published, model):
    client.force_login(make_user("admin", "boss"))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Knights"}).status_code == 200
    row = model.objects.first()
    if row is not None:
        change = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk]
        )
        assert client.get(change).status_code == 200


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor"])
def test_other_roles_are_kept_out(client, make_user, role):
    client.force_login(make_user(role))
    for url in [reverse("admin:index"), reverse("admin:accounts_apikey_changelist")]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_published_versions_and_history_are_read_only(client, make_user, published):
    client.force_login(make_user("admin", "boss"))
    version = PublishedVersion.objects.get(article=published)
    url = reverse("admin:publishing_publishedversion_change", args=[version.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert client.post(url, {"title": "Changed"}).status_code == 403
    version.refresh_from_db()
    assert version.title != "Changed"
    for name in ["annotations_annotationevent", "publishing_workflowevent"]:
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
    delete = reverse("admin:publishing_publishedversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_an_operator_revokes_a_key_and_sets_its_limit(client, make_user):
    key, _ = api_key_create(user=make_user("editor"), name="cms", scopes=["read"])
    client.force_login(make_user("admin", "boss"))
    url = reverse("admin:accounts_apikey_changelist")
    response = client.post(url, {"action": "revoke", "_selected_action": [key.pk]})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    change = reverse("admin:accounts_apikey_change", args=[key.pk])
    assert client.post(change, {"name": "cms", "rate_per_minute": "500"}).status_code == 302
    assert ApiKey.objects.get(pk=key.pk).rate_per_minute == 500
    assert "hashed" not in client.get(change).content.decode()
