"""The pre-tagger's record on published articles, from what people did to its suggestions."""

import pytest

from apps.annotations import services
from apps.annotations.models import EntityMention, Quote
from apps.articles.models import Article, TaggingState
from apps.insights.accuracy import QUOTES, pretagger_accuracy
from apps.publishing import services as publishing
from tests.conftest import QUOTED_TEXT, SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = QUOTED_TEXT + "\n\n" + SAMPLE_TEXT


def act(article: Article, user, service: str, **arguments):
    article.refresh_from_db()
    return getattr(services, service)(
        article_id=article.id, version=article.version, actor=user, **arguments
    )


def test_what_people_did_is_counted_per_label_and_week(make_article, make_user, client):
    article = make_article(TEXT)
    run_jobs()
    article.refresh_from_db()
    assert article.tagging_state == TaggingState.DONE
    editor, annotator = make_user("editor"), make_user("annotator")
    reviewer = make_user("reviewer")
    publishing.workflow_assign(
        article=article, actor=editor, annotator=annotator, reviewer=reviewer
    )
    publishing.annotation_start(article=article, actor=annotator)

    def mention(text: str) -> EntityMention:
        return EntityMention.objects.filter(article=article, text=text).order_by("start")[0]

    baghdad, iraq, monday = mention("Baghdad"), mention("Iraq"), mention("Monday")
    act(article, annotator, "mention_update", id=baghdad.id, label="LOC", status="accepted")
    act(article, annotator, "mention_update", id=iraq.id, status="rejected")
    act(article, annotator, "mention_update", id=monday.id, status="accepted")
    # Relabelled and back again: accepted as it was suggested.
    un = mention("United Nations")
    act(article, annotator, "mention_update", id=un.id, label="GPE")
    act(article, annotator, "mention_update", id=un.id, label="ORG", status="accepted")
    start = TEXT.index("Officials")
    act(article, annotator, "mention_create", start=start, end=start + 9, label="NORP")
    quote = Quote.objects.filter(article=article).order_by("start")[0]
    act(article, annotator, "quote_update", id=quote.id, speaker=None, status="accepted")
    publishing.review_request(article=article, actor=annotator)
    publishing.review_approve(article=article, actor=reviewer)

    record = pretagger_accuracy()
    gpe = record.by_label["GPE"]
    assert gpe.outcomes["relabelled"] >= 1  # Baghdad, GPE → LOC
    assert gpe.outcomes["rejected"] >= 1  # Iraq
    assert record.by_label["DATE"].outcomes["accepted as suggested"] == 1
    assert record.by_label["ORG"].outcomes["accepted as suggested"] == 1
    assert record.by_label["NORP"].missed == 1
    assert record.by_label[QUOTES].outcomes["re-attributed"] == 1
    (week,) = record.week_rows()
    assert week["entities_missed"] == 1 and week["quotes_suggested"] >= 1

    client.force_login(editor)
    page = client.get("/insights/accuracy/")
    assert page.status_code == 200 and "relabelled" in page.content.decode().lower()
    csv = client.get("/insights/accuracy/?format=csv").content.decode()
    assert csv.splitlines()[0].startswith('"label","suggested","accepted as suggested"')
    client.force_login(annotator)
    assert client.get("/insights/accuracy/").status_code == 403


def test_nothing_published_counts_nothing(tagged_article):
    tagged_article()
    record = pretagger_accuracy()
    assert record.by_label == {} and record.week_rows() == []
