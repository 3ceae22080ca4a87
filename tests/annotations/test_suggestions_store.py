"""A pre-tag job stores its articles' suggestions together, and one bad article spoils none
of the others."""

import pytest

from apps.annotations.models import AnnotationEvent, Entity, EntityMention, HistoryAction, Quote
from apps.annotations.services import articles_pretag, suggestions_store_many
from apps.articles.models import Article, TaggingState
from apps.nlp.pipeline import pretag_texts
from apps.nlp.types import FoundMention, PretagResult

pytestmark = pytest.mark.django_db

TEXTS = [
    "Ana Silva said: “We will rebuild the bridge in Lima.”",
    "Omar Haddad, the mayor of Oslo, said the vote was fair.",
    "Kofi Mensah told reporters in Accra that talks would resume.",
]


@pytest.fixture
def running(make_article):
    articles = [make_article(text) for text in TEXTS]
    Article.objects.update(tagging_state=TaggingState.RUNNING)
    return articles


def results_of(articles):
    found = pretag_texts([(str(a.id), a.body) for a in articles])
    return {a.id: result for a, result in zip(articles, found, strict=True)}


def test_several_articles_are_stored_at_once_each_with_its_own_rows(running):
    results = results_of(running)
    stored = suggestions_store_many(results=results, tagger="t")
    assert stored == {a.id for a in running}
    for article in running:
        article.refresh_from_db()
        assert article.tagging_state == TaggingState.DONE and article.version == 2
        mentions = EntityMention.objects.filter(article=article)
        assert {(m.start, m.end, m.label) for m in mentions} == {
            (m.start, m.end, m.label) for m in results[article.id].entities
        }
        assert all(m.entity.article_id == article.id for m in mentions)
        assert Quote.objects.filter(article=article).count() == len(results[article.id].quotes)
        event = AnnotationEvent.objects.get(article=article, action=HistoryAction.PRETAG)
        assert event.article_version == 2 and event.actor is None and event.target == ""
        assert event.after["mentions"] == len(results[article.id].entities)
    speaker = Quote.objects.get(article=running[0]).speaker_entity
    assert speaker is not None and speaker.name == "Ana Silva"


def test_articles_no_longer_running_or_changed_since_are_left_alone(running):
    results = results_of(running)
    Article.objects.filter(id=running[1].id).update(tagging_state=TaggingState.QUEUED)
    results[running[2].id] = PretagResult(id="x", text="Another text entirely.")
    assert suggestions_store_many(results=results, tagger="t") == {running[0].id}
    assert not EntityMention.objects.exclude(article=running[0]).exists()
    assert not Entity.objects.exclude(article=running[0]).exists()


def test_one_article_that_cannot_be_stored_fails_alone(running, monkeypatch):
    bad = running[1]

    def tagged(items, **kwargs):
        for result in pretag_texts(list(items)):
            if result.id == str(bad.id):  # a span past the end of the body
                result.entities.append(FoundMention(0, 10_000, "ORG", "x", "x"))
            yield result

    monkeypatch.setattr("apps.annotations.services.pretag.pretag_texts", tagged)
    Article.objects.update(tagging_state=TaggingState.QUEUED)
    articles_pretag(article_ids=[a.id for a in running])
    states = dict(Article.objects.values_list("id", "tagging_state"))
    assert states == {
        running[0].id: TaggingState.DONE,
        bad.id: TaggingState.FAILED,
        running[2].id: TaggingState.DONE,
    }
    bad.refresh_from_db()
    assert "past the end" in bad.tagging_error
    assert not EntityMention.objects.filter(article=bad).exists()
    assert EntityMention.objects.filter(article=running[2]).exists()
