"""The sample article from the pre-tagger, through review, to the public page and the API."""

from pathlib import Path

import pytest
from django.urls import reverse

from apps.annotations.services import suggestions_accept
from apps.articles.models import Article
from apps.publishing import services
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "apps/articles/demo/maliki-sanctions.txt"


def test_corrected_sample_is_published_read_and_retracted(client, make_article, make_user):
    article = make_article(SAMPLE.read_text(encoding="utf-8"), title="Maliki sanctions")
    run_jobs()
    article.refresh_from_db()
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    services.annotation_start(article=article, actor=annotator)
    suggestions_accept(article_id=article.id, version=article.version, actor=annotator)
    services.review_request(article=article, actor=annotator)
    version = services.review_approve(article=article, actor=reviewer)
    assert len(version.annotations["quotes"]) >= 26

    knights = client.get(reverse("api:quotes"), {"speaker": "Michael Knights"}).json()
    texts = [q["text"] for q in knights["results"]]
    assert any(t.startswith("Maliki provided Fatah") for t in texts)
    body = Article.objects.get(pk=article.pk).body
    for quote in knights["results"]:
        assert body[quote["start"] : quote["end"]] == quote["text"]

    page = client.get(reverse("public:article", args=[article.pk])).content.decode()
    assert "Stephen Hadley" in page and "version 1" in page

    services.article_retract(article=article, actor=reviewer, reason="Under legal review")
    assert client.get(reverse("api:quotes"), {"speaker": "Michael Knights"}).json()["count"] == 0
    gone = client.get(reverse("public:article", args=[article.pk]))
    assert gone.status_code == 410 and "Under legal review" in gone.content.decode()
