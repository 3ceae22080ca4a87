import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from apps.annotations.models import EntityMention, Status
from apps.publishing import services
from apps.publishing.models import PublishedQuote, PublishedVersion, Stage, WorkflowEvent
from apps.publishing.selectors import article_stage, work_queue

pytestmark = pytest.mark.django_db


def through_review(article, annotator, reviewer):
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    return services.review_approve(article=article, actor=reviewer)


def test_full_workflow_freezes_exactly_the_accepted_annotations(tagged_article, make_user):
    article = tagged_article()
    editor, annotator, reviewer = make_user("editor"), make_user("annotator"), make_user("reviewer")
    assert article_stage(article=article) == "ready"
    services.workflow_assign(article=article, actor=editor, annotator=annotator, reviewer=reviewer)
    assert [w.article for w in work_queue(user=annotator)] == [article]

    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    assert [w.article for w in work_queue(user=reviewer)] == [article]
    assert list(work_queue(user=annotator)) == []

    version = services.review_approve(article=article, actor=reviewer)
    article.refresh_from_db()
    assert article_stage(article=article) == Stage.PUBLISHED
    assert version.number == 1
    entities = version.annotations["entities"]
    assert [e["text"] for e in entities] == ["Michael Knights"]  # the suggestion stays out
    quote = version.annotations["quotes"][0]
    assert quote["speaker_entity"] == "Michael Knights"
    assert quote["cue"]["text"] == "said"
    assert version.entity_names == ["Michael Knights"]
    assert PublishedQuote.objects.get().speaker_entity == "Michael Knights"
    actions = list(WorkflowEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["assign", "start", "send_to_review", "approve"]


def test_later_corrections_do_not_change_the_published_version(tagged_article, make_user):
    article = tagged_article()
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    first = through_review(article, annotator, reviewer)
    EntityMention.objects.filter(article=article, status=Status.SUGGESTED).update(
        status=Status.ACCEPTED
    )
    first.refresh_from_db()
    assert len(first.annotations["entities"]) == 1

    second = through_review(article, annotator, reviewer)
    first.refresh_from_db()
    assert (first.number, first.is_current, second.number, second.is_current) == (1, False, 2, True)
    assert len(second.annotations["entities"]) == 2


def test_published_versions_cannot_be_edited_by_any_path(tagged_article, make_user):
    version = through_review(tagged_article(), make_user("annotator"), make_user("reviewer"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedVersion.objects.filter(pk=version.pk).update(title="Changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedQuote.objects.update(text="Changed")


def test_send_back_needs_a_comment_and_returns_to_annotation(tagged_article, make_user):
    article = tagged_article()
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    services.annotation_start(article=article, actor=annotator)
    services.review_request(article=article, actor=annotator)
    with pytest.raises(services.WorkflowError, match="what needs correcting"):
        services.review_send_back(article=article, actor=reviewer, comment="   ")
    workflow = services.review_send_back(article=article, actor=reviewer, comment="Fix Q2")
    assert (workflow.stage, workflow.review_comment) == (Stage.IN_ANNOTATION, "Fix Q2")


def test_retraction_needs_a_reason_and_keeps_it(tagged_article, make_user):
    article = tagged_article()
    through_review(article, make_user("annotator"), make_user("reviewer"))
    editor = make_user("editor")
    with pytest.raises(services.WorkflowError, match="reason"):
        services.article_retract(article=article, actor=editor, reason="")
    workflow = services.article_retract(article=article, actor=editor, reason="Wrong speaker")
    assert (workflow.stage, workflow.retraction_reason) == (Stage.RETRACTED, "Wrong speaker")
    assert PublishedVersion.objects.public().count() == 0


@pytest.mark.parametrize(
    ("role", "step"),
    [
        ("editor", "start"),
        ("annotator", "approve"),
        ("editor", "approve"),
        ("annotator", "retract"),
        ("annotator", "assign"),
        ("reviewer", "assign"),
    ],
)
def test_roles_cannot_take_steps_that_are_not_theirs(tagged_article, make_user, role, step):
    article = tagged_article()
    services.annotation_start(article=article, actor=make_user("annotator", "a1"))
    services.review_request(article=article, actor=make_user("annotator", "a1"))
    user = make_user(role)
    calls = {
        "start": lambda: services.annotation_start(article=article, actor=user),
        "approve": lambda: services.review_approve(article=article, actor=user),
        "retract": lambda: services.article_retract(article=article, actor=user, reason="x"),
        "assign": lambda: services.workflow_assign(
            article=article, actor=user, annotator=None, reviewer=None
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[step]()
    assert PublishedVersion.objects.count() == 0


def test_wrong_order_is_refused(tagged_article, make_user):
    article = tagged_article()
    reviewer = make_user("reviewer")
    with pytest.raises(services.WorkflowError):
        services.review_approve(article=article, actor=reviewer)
    with pytest.raises(services.WorkflowError):
        services.review_request(article=article, actor=reviewer)
    with pytest.raises(services.WorkflowError):
        services.article_retract(article=article, actor=reviewer, reason="x")


def test_assigning_someone_without_the_right_is_refused(tagged_article, make_user):
    article = tagged_article()
    with pytest.raises(services.WorkflowError, match="cannot take that role"):
        services.workflow_assign(
            article=article,
            actor=make_user("editor"),
            annotator=None,
            reviewer=make_user("annotator"),
        )
