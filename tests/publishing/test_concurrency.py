"""Publishing while someone is still correcting yields exactly the accepted annotations at one
moment: approval takes the article's row lock, which every annotation change holds too."""

import threading
import time

import pytest
from django.db import connections, transaction

from apps.annotations.models import EntityMention, Status
from apps.articles.models import Article
from apps.publishing import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_approval_waits_for_a_correction_in_progress(tagged_article, make_user):
    article = tagged_article()
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    suggestion = EntityMention.objects.get(article=article, status=Status.SUGGESTED)

    correcting = threading.Event()
    published: list = []

    def correct() -> None:
        try:
            with transaction.atomic():
                Article.objects.select_for_update().get(pk=article.pk)
                correcting.set()
                time.sleep(1.0)  # the correction is under way while the reviewer approves
                EntityMention.objects.filter(pk=suggestion.pk).update(status=Status.ACCEPTED)
        finally:
            connections.close_all()

    def approve() -> None:
        try:
            correcting.wait(5)
            published.append(services.review_approve(article=article, actor=reviewer))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=correct), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    (version,) = published
    # The approval saw the state after the correction, never a half-made one.
    assert sorted(e["text"] for e in version.annotations["entities"]) == [
        "Baghdad",
        "Michael Knights",
    ]
