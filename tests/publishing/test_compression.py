"""JSON answers are gzipped; pages that carry a CSRF token are not (BREACH)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


def test_api_json_is_gzipped(client):
    response = client.get("/api/v1/openapi.json", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_workspace_json_is_gzipped_and_its_page_is_not(client, tagged_article, make_user):
    article = tagged_article()
    client.force_login(make_user("annotator"))
    state = client.get(reverse("annotations:state", args=[article.pk]), **GZIP)
    assert state.status_code == 200 and state["Content-Encoding"] == "gzip"
    page = client.get(reverse("annotations:workspace", args=[article.pk]), **GZIP)
    assert page.status_code == 200 and not page.has_header("Content-Encoding")
    public = client.get(reverse("public:list"), **GZIP)
    assert not public.has_header("Content-Encoding")
