# ruff: noqa: E501 - the matrix reads best one row per line
"""Every page and endpoint × every role: allowed or refused as intended."""

import pytest
from django.urls import reverse

from apps.publishing import services

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "annotator", "reviewer", "editor", "admin"]
OK, REDIRECT, FORBIDDEN, LOGIN = 200, 302, 403, "login"

# (url name, method, data, {role: expected}); LOGIN = redirected to the sign-in page.
MATRIX = [
    ("articles:list", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("articles:new", "get", None, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=FORBIDDEN, editor=OK, admin=OK)),
    ("articles:detail", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("articles:retag", "post", {}, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=FORBIDDEN, editor=REDIRECT, admin=REDIRECT)),
    ("exports:article_entities", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("publishing:work", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("publishing:work_next", "post", {}, dict(anonymous=LOGIN, annotator=REDIRECT, reviewer=REDIRECT, editor=REDIRECT, admin=REDIRECT)),
    ("publishing:review", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("publishing:transition", "post", {"action": "approve"}, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=REDIRECT, editor=FORBIDDEN, admin=REDIRECT)),
    ("publishing:transition", "post", {"action": "retract", "comment": "x"}, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=REDIRECT, editor=REDIRECT, admin=REDIRECT)),
    ("publishing:assign", "post", {}, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=FORBIDDEN, editor=REDIRECT, admin=REDIRECT)),
    ("public:list", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("public:article", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("api:articles", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("api:article", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("api:quotes", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("api:articles", "post", {}, dict(anonymous=401, annotator=401, reviewer=401, editor=401, admin=401)),
    ("api_keys", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("healthz", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("api:openapi", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("articles:retag_selected", "post", {}, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=FORBIDDEN, editor=REDIRECT, admin=REDIRECT)),
    ("articles:import", "get", None, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=FORBIDDEN, editor=OK, admin=OK)),
    ("exports:page", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("annotations:registry", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=FORBIDDEN, admin=OK)),
    ("annotations:registry_search", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=FORBIDDEN, admin=OK)),
    ("annotations:workspace", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=FORBIDDEN, admin=OK)),
    ("annotations:state", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=FORBIDDEN, admin=OK)),
    ("annotations:action", "post", {}, dict(anonymous=LOGIN, annotator=400, reviewer=400, editor=FORBIDDEN, admin=400)),
    ("annotations:history", "get", None, dict(anonymous=LOGIN, annotator=OK, reviewer=OK, editor=FORBIDDEN, admin=OK)),
    ("public:quotes", "get", None, dict(anonymous=OK, annotator=OK, reviewer=OK, editor=OK, admin=OK)),
    ("insights:dashboard", "get", None, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=OK, editor=OK, admin=OK)),
    ("insights:accuracy", "get", None, dict(anonymous=LOGIN, annotator=FORBIDDEN, reviewer=OK, editor=OK, admin=OK)),
    ("api:insight_speakers", "get", None, dict(anonymous=FORBIDDEN, annotator=FORBIDDEN, reviewer=OK, editor=OK, admin=OK)),
    ("api:insight_speaker_types", "get", None, dict(anonymous=FORBIDDEN, annotator=FORBIDDEN, reviewer=OK, editor=OK, admin=OK)),
    ("api:insight_entities", "get", None, dict(anonymous=FORBIDDEN, annotator=FORBIDDEN, reviewer=OK, editor=OK, admin=OK)),
    ("admin:index", "get", None, dict(anonymous=REDIRECT, annotator=REDIRECT, reviewer=REDIRECT, editor=REDIRECT, admin=OK)),
]  # fmt: skip
TAKES_ARTICLE = {
    "articles:detail", "articles:retag", "exports:article_entities", "publishing:review",
    "publishing:transition", "publishing:assign", "public:article", "api:article",
    "annotations:workspace", "annotations:state", "annotations:action", "annotations:history",
}  # fmt: skip
# Pages outside the matrix: signing in and out, and pages about other objects (import batches,
# registry entries, insights tables and speakers, API jobs and keys), whose permissions their
# own tests cover.
OUTSIDE_MATRIX = {
    "home", "login", "logout", "articles:import_detail", "articles:import_mapping",
    "annotations:registry_edit",
    "insights:panel_csv", "insights:speaker",  # tests/insights/test_views.py
    "api:job", "api_key_revoke",
}  # fmt: skip


def _url_names(resolver=None, namespace=""):
    from django.urls import URLResolver, get_resolver

    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            if inner != "admin:":
                yield from _url_names(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_page_and_endpoint_is_in_the_matrix():
    covered = {row[0] for row in MATRIX} | OUTSIDE_MATRIX
    assert set(_url_names()) - covered == set()


@pytest.fixture
def published_article(tagged_article, make_user):
    article = tagged_article()
    annotator = make_user("annotator", "a-setup")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    services.review_approve(article=article, actor=make_user("reviewer", "r-setup"))
    return article


def request_as(client, make_user, role, name, method, data, article_id):
    if role != "anonymous":
        client.force_login(make_user(role))
    url = reverse(name, args=[article_id] if name in TAKES_ARTICLE else [])
    return getattr(client, method)(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method", "data", "expected"), MATRIX)
def test_matrix(client, make_user, published_article, name, method, data, expected):
    for role in ROLES:
        client.logout()
        response = request_as(client, make_user, role, name, method, data, published_article.pk)
        if expected[role] == LOGIN:
            assert response.status_code == 302, (name, role)
            assert response["Location"].startswith(reverse("login")), (name, role)
        else:
            assert response.status_code == expected[role], (name, role, response.status_code)


@pytest.mark.parametrize("name", sorted(TAKES_ARTICLE))
def test_forged_article_ids_are_404_and_change_nothing(client, make_user, published_article, name):
    from apps.publishing.models import PublishedVersion, WorkflowEvent

    before = (PublishedVersion.objects.count(), WorkflowEvent.objects.count())
    method, data, expected = next((m, d, e) for n, m, d, e in MATRIX if n == name)
    for role in ["annotator", "reviewer", "editor", "admin"]:
        # Refusing someone without the right before looking the article up leaks nothing.
        allowed = {404, 403} if expected[role] == FORBIDDEN else {404}
        for forged in (published_article.pk + 1, 2**31 - 1):
            response = request_as(client, make_user, role, name, method, data, forged)
            assert response.status_code in allowed, (name, role, response.status_code)
    assert (PublishedVersion.objects.count(), WorkflowEvent.objects.count()) == before
