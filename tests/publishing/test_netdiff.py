"""The review's net difference: from the machine's suggestions (or the last published
version) to the annotations as they are, computed from states so undone steps cancel out."""

import pytest

from apps.annotations import services
from apps.annotations.models import Entity, EntityMention, Quote
from apps.publishing import services as workflow
from apps.publishing.diff_render import change_sentence, diff_on_text
from apps.publishing.netdiff import ENTITY, QUOTE, net_diff
from tests.annotations.factories import annotate

pytestmark = pytest.mark.django_db

TEXT = (
    "Jane Doe met John Roe in Paris on Monday. “It went well,” Doe said. "
    "Roe left for Rome, and Trump spoke."
)


@pytest.fixture
def article(make_article):
    return annotate(
        make_article(TEXT),
        mentions=[
            ("Jane Doe", "PERSON", "Jane Doe"),
            ("John Roe", "PERSON", "John Roe"),
            ("Paris", "GPE", "Paris"),
            ("Monday", "DATE", "Monday"),
            ("Doe", "PERSON", "Doe"),
            ("Rome", "GPE", "Rome"),
            ("Trump", "ORG", "Trump"),
        ],
        quotes=[("It went well,", "direct")],
    )


def act(article, user, name, **arguments):
    article.refresh_from_db()
    return getattr(services, name)(
        article_id=article.id, version=article.version, actor=user, **arguments
    )


def mention(article, text):
    return EntityMention.objects.get(article=article, text=text)


def kinds(diff, kind):
    return {(c.after or c.before).start: c.what for c in diff.changes if c.kind == kind}


def test_each_kind_of_change_and_undone_steps_cancel_out(article, make_user):
    user = make_user("annotator")
    body = article.body
    trump, paris, rome = (
        mention(article, "Trump"),
        mention(article, "Paris"),
        mention(article, "Rome"),
    )
    act(article, user, "mention_update", id=trump.id, label="PERSON")
    act(
        article, user, "mention_update", id=mention(article, "John Roe").id, start=body.index("Roe")
    )
    act(article, user, "mention_update", id=paris.id, status="rejected")
    act(
        article,
        user,
        "mention_create",
        start=body.index("Rome") - 9,
        end=body.index("Rome") - 5,
        label="ORG",
    )
    act(article, user, "mention_update", id=mention(article, "Jane Doe").id, status="accepted")
    doe = Entity.objects.get(article=article, name="Doe")
    jane = Entity.objects.get(article=article, name="Jane Doe")
    act(article, user, "entity_merge", id=doe.id, into=jane.id)
    quote = Quote.objects.get(article=article)
    doe_mention = mention(article, "Doe")
    act(
        article,
        user,
        "quote_update",
        id=quote.id,
        speaker=[doe_mention.start, doe_mention.end],
        speaker_entity=jane.id,
        speaker_type="named",
    )
    # Steps undone: a relabel set back, a deletion restored.
    act(article, user, "mention_update", id=rome.id, label="LOC")
    act(article, user, "mention_update", id=rome.id, label="GPE")
    change = act(article, user, "mention_delete", id=mention(article, "Monday").id)
    act(article, user, "mention_restore", **{k: v for k, v in change.undo.items() if k != "op"})

    diff = net_diff(article=article)
    entities = kinds(diff, ENTITY)
    assert entities[trump.start] == ["relabelled"]
    assert entities[body.index("Roe")] == ["resized"]
    assert entities[paris.start] == ["rejected"]
    assert entities[body.index("Rome") - 9] == ["added"]
    assert entities[body.index("Jane Doe")] == ["accepted"]
    assert entities[doe_mention.start] == ["regrouped"]
    assert entities[rome.start] == ["unreviewed"]  # relabelled and back: nothing changed
    assert entities[body.index("Monday")] == ["unreviewed"]  # deleted and restored
    assert kinds(diff, QUOTE) == {quote.start: ["re-attributed"]}
    counts = diff.counts(ENTITY)
    assert (counts["relabelled"], counts["resized"], counts["rejected"], counts["added"]) == (
        1,
        1,
        1,
        1,
    )
    assert (counts["accepted"], counts["regrouped"], counts["unreviewed"]) == (1, 1, 2)
    assert diff.counts(QUOTE)["re-attributed"] == 1

    relabel = next(c for c in diff.changes if c.what == ["relabelled"])
    assert change_sentence(relabel, body) == "relabelled ‘Trump’ ORG → PERSON"
    assert relabel.who == user.username and relabel.when is not None
    html = diff_on_text(body=body, changes=diff.shown)
    assert "[ORG → PERSON]" in html and "<del " in html and "<ins " in html
    assert "[“ quote" in html and "speaker: unknown → Jane Doe" in html


def test_after_publication_the_difference_is_from_the_last_version(article, make_user):
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    act(article, annotator, "suggestions_accept")
    workflow.annotation_start(article=article, actor=annotator)
    workflow.review_request(article=article, actor=annotator)
    workflow.review_approve(article=article, actor=reviewer)
    workflow.annotation_start(article=article, actor=annotator)
    act(article, annotator, "mention_update", id=mention(article, "Trump").id, label="PERSON")
    act(article, annotator, "mention_delete", id=mention(article, "Paris").id)

    diff = net_diff(article=article)
    assert diff.since == "version 1"
    shown = {tuple(c.what) for c in diff.shown}
    assert shown == {("relabelled",), ("rejected",)}
    assert diff.counts(ENTITY)["accepted"] == 5
