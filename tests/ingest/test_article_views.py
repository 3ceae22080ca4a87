import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from apps.articles.models import Article
from tests.conftest import PASSWORD, run_jobs


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, make_article):
    article = make_article()
    for url in [
        reverse("articles:list"),
        reverse("articles:new"),
        reverse("articles:detail", args=[article.pk]),
        reverse("exports:article_entities", args=[article.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("articles:retag", args=[article.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_editors_and_admins_bring_in_articles(client, make_user, role):
    signed_in(client, make_user(role))
    assert client.get(reverse("articles:new")).status_code == 403
    response = client.post(reverse("articles:new"), {"title": "T", "body": "Some text."})
    assert response.status_code == 403
    assert Article.objects.count() == 0
    assert client.get(reverse("articles:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_paste_an_article(client, make_user, role):
    signed_in(client, make_user(role))
    response = client.post(
        reverse("articles:new"),
        {
            "title": "Talks resume",
            "byline": "A. Reporter",
            "source": "Wire",
            "url": "https://example.com/story",
            "published_at": "2026-11-20",
            "body": "Jane Doe arrived in Paris.\n\nShe left on Monday.",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:detail", args=[article.pk])
    assert (article.title, article.source, str(article.published_at)) == (
        "Talks resume",
        "Wire",
        "2026-11-20",
    )
    assert article.created_by.username == role


@pytest.mark.django_db
def test_upload_of_each_format(client, make_user):
    signed_in(client, make_user("editor"))
    files = {
        "a.txt": b"Plain text about Jane Doe.",
        "b.md": b"# Heading\n\nSome *Markdown* about John Roe.",
        "c.html": b"<h1>Page</h1><p>HTML about <b>Ann Poe</b>.</p><script>alert(1)</script>",
    }
    for name, data in files.items():
        upload = SimpleUploadedFile(name, data)
        response = client.post(reverse("articles:new"), {"file": upload})
        assert response.status_code == 302, response.content
    bodies = sorted(Article.objects.values_list("body", flat=True))
    assert bodies == [
        "Heading\n\nSome Markdown about John Roe.",
        "Page\n\nHTML about Ann Poe.",
        "Plain text about Jane Doe.",
    ]
    assert set(Article.objects.values_list("original_format", flat=True)) == {"txt", "md", "html"}


@pytest.mark.django_db
@override_settings(NEWSDESK_MAX_UPLOAD_BYTES=2000)
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Paste the article"),
        ({"body": "   \n "}, "Paste the article"),
        ({"file": ("empty.txt", b"")}, "empty"),
        ({"file": ("big.txt", b"a" * 3000)}, "too large"),
        ({"file": ("bin.txt", b"\x00\xff\x00\xfe" * 10)}, "binary"),
        ({"file": ("latin.txt", "Zoë Café".encode("latin-1"))}, "not UTF-8"),
        ({"file": ("doc.pdf", b"%PDF-1.4")}, "Only .txt"),
        ({"body": "x", "file": ("a.txt", b"y")}, "not both"),
        ({"body": "ok", "url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"body": "ok", "published_at": "yesterday"}, "Enter a valid date"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, make_user, data, message):
    signed_in(client, make_user("editor"))
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = client.post(reverse("articles:new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_upload_links_to_the_existing_article(client, make_user, make_article):
    existing = make_article("Jane Doe arrived in Paris.")
    signed_in(client, make_user("editor"))
    response = client.post(
        reverse("articles:new"),
        {"file": SimpleUploadedFile("a.html", b"<p>Jane Doe arrived in Paris.</p>")},
    )
    assert response.status_code == 400
    assert "already in Newsdesk" in response.content.decode()
    assert reverse("articles:detail", args=[existing.pk]) in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_markup_in_titles_and_bodies_is_shown_as_text(client, make_user, make_article):
    article = make_article(
        "Plain &lt;script&gt;alert(1)&lt;/script&gt; text", title='<img src=x onerror="alert(1)">'
    )
    signed_in(client, make_user("annotator"))
    html = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    listing = client.get(reverse("articles:list")).content.decode()
    assert "<img src=x" not in listing


@pytest.mark.django_db
def test_list_is_newest_first_with_search_and_counts(client, make_user, make_article):
    old = make_article("Old text about Jane Doe.", title="Budget talks stall", source="Wire")
    new = make_article("New text about John Roe.", title="Election results", source="Desk")
    signed_in(client, make_user("reviewer"))
    html = client.get(reverse("articles:list")).content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert "Wire" in html and "queued" in html
    found = client.get(reverse("articles:list"), {"q": "budget"}).content.decode()
    assert old.title in found and new.title not in found
    assert (
        "No article title contains"
        in client.get(reverse("articles:list"), {"q": "zzz"}).content.decode()
    )


@pytest.mark.django_db
def test_list_page_uses_a_fixed_number_of_queries(
    client, make_user, make_article, django_assert_max_num_queries
):
    for _ in range(30):
        make_article()
    signed_in(client, make_user("editor"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("articles:list")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_detail_shows_highlights_entity_counts_and_polls_while_pending(
    client, make_user, make_article
):
    article = make_article("Jane Doe met Jane Doe's lawyer in Paris. Doe said little.")
    signed_in(client, make_user("editor"))
    pending = client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "queued" in pending
    run_jobs()
    partial = client.get(
        reverse("articles:detail", args=[article.pk]), headers={"HX-Request": "true"}
    )
    html = partial.content.decode()
    assert "<html" not in html  # only the fragment
    assert "hx-trigger" not in html
    assert 'class="ent ent-PERSON is-suggested"' in html
    assert 'data-label="GPE">Paris</mark>' in html
    assert "Jane Doe" in html


@pytest.mark.django_db
def test_retry_is_for_editors_and_requires_post(client, make_user, make_article):
    article = make_article()
    signed_in(client, make_user("annotator"))
    assert client.post(reverse("articles:retag", args=[article.pk])).status_code == 403
    signed_in(client, make_user("editor"))
    assert client.get(reverse("articles:retag", args=[article.pk])).status_code == 405
    assert client.post(reverse("articles:retag", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_sign_in_and_out_and_throttling(client, make_user):
    make_user("editor")
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("articles:list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("articles:list")).status_code == 302
    for _ in range(5):
        client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


@pytest.mark.django_db
def test_pages_carry_an_enforced_content_security_policy(client, make_user):
    signed_in(client, make_user("editor"))
    response = client.get(reverse("articles:new"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "Content-Security-Policy-Report-Only" not in response
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
