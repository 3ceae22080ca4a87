"""A published version never changes: its page and its API answer carry ETag and
Last-Modified, and a client that has it gets 304 without the body."""

import pytest
from django.urls import reverse

from apps.publishing import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(tagged_article, make_user):
    article = tagged_article()
    annotator = make_user("annotator", "ann")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    services.review_approve(article=article, actor=make_user("reviewer", "rev"))
    return article


@pytest.mark.parametrize("url_name", ["api:article", "public:article"])
def test_etag_and_last_modified_give_304(client, article, url_name):
    url = reverse(url_name, args=[article.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other["ETag"] == first["ETag"]
    assert len(other.content) > 0


def test_api_304_loads_no_body(client, article, django_assert_max_num_queries):
    etag = client.get(reverse("api:article", args=[article.pk]))["ETag"]
    with django_assert_max_num_queries(1):
        response = client.get(reverse("api:article", args=[article.pk]), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_new_version_or_a_retraction_is_not_hidden_by_a_304(client, article, make_user):
    url = reverse("api:article", args=[article.pk])
    etag = client.get(url)["ETag"]
    reviewer = make_user("reviewer", "rev")
    services.article_retract(article=article, actor=reviewer, reason="Wrong speaker")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    page = client.get(reverse("public:article", args=[article.pk]), HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 410


def test_the_page_etag_differs_for_each_reader(client, article, make_user):
    url = reverse("public:article", args=[article.pk])
    anonymous = client.get(url)["ETag"]
    client.force_login(make_user("editor", "ed"))
    signed_in = client.get(url)
    assert signed_in["ETag"] != anonymous
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous).status_code == 200
    assert "Cookie" in signed_in["Vary"]
