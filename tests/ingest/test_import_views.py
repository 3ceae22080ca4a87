import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.annotations.models import EntityMention, Origin, Status
from apps.articles.models import Article, TaggingState
from apps.ingest.models import ImportBatch
from tests.conftest import SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_editors_and_admins_import(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("articles:import")).status_code == 403
    upload = SimpleUploadedFile("a.csv", b"title,body\r\nA,Text.\r\n")
    assert client.post(reverse("articles:import"), {"file": upload}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_import_page_shows_progress_and_failures(client, make_user):
    client.force_login(make_user("editor"))
    upload = SimpleUploadedFile(
        "batch.csv", (b"title,body\r\nGood,Jane Doe visited Paris.\r\nBad,\r\n")
    )
    response = client.post(
        reverse("articles:import"), {"file": upload, "annotation_mode": "pretag"}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:import_detail", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "0 of 2 stored" in page and 'hx-trigger="every 2s"' in page

    run_jobs()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<h1>" not in fragment  # only the progress partial
    assert "1 of 2 stored" in fragment and "1 of 1 tagged" in fragment
    assert "row 2 (line 3)" in fragment and "no body text" in fragment
    assert "every 2s" not in fragment  # finished: polling stops


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Choose a file"),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF")}, "Import a .csv"),
        ({"file": SimpleUploadedFile("a.csv", b"")}, "empty"),
        ({"file": SimpleUploadedFile("a.zip", b"PK\x03\x04broken")}, "zip"),
        ({"urls": "http://10.0.0.1/\nhttps://example.com/a"}, None),
    ],
)
def test_wrong_input_gets_a_clear_message(client, make_user, files, message):
    client.force_login(make_user("editor"))
    response = client.post(reverse("articles:import"), {"annotation_mode": "pretag", **files})
    if message is None:  # addresses are checked per item: the private one fails, not the batch
        batch = ImportBatch.objects.get()
        assert batch.items.get(position=1).status == "failed"
        assert batch.items.get(position=2).status == "pending"
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_huge_file_is_refused_before_reading(client, make_user, settings):
    settings.NEWSDESK_MAX_IMPORT_BYTES = 1024
    client.force_login(make_user("editor"))
    upload = SimpleUploadedFile("big.jsonl", b'{"body": "x"}\n' * 200)
    response = client.post(
        reverse("articles:import"), {"file": upload, "annotation_mode": "pretag"}
    )
    assert response.status_code == 400 and "too large" in response.content.decode()


def test_retag_selected_replaces_only_untouched_suggestions(client, make_user, make_article):
    first = make_article(SAMPLE_TEXT)
    second = make_article("Angela Merkel visited Paris on Friday.")
    run_jobs()
    kept = EntityMention.objects.filter(article=first).first()
    kept.status = Status.ACCEPTED
    kept.save()
    start = first.body.index("former")
    EntityMention.objects.create(
        article=first,
        start=start,
        end=start + 6,
        label="NORP",
        text="former",
        origin=Origin.HUMAN,
        status=Status.ACCEPTED,
    )
    untouched = set(
        EntityMention.objects.filter(article=first, status=Status.SUGGESTED).values_list(
            "id", flat=True
        )
    )
    client.force_login(make_user("annotator"))
    response = client.post(reverse("articles:retag_selected"), {"articles": [first.pk]})
    assert response.status_code == 403

    client.force_login(make_user("editor"))
    response = client.post(reverse("articles:retag_selected"), {"articles": [first.pk, 999999]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.tagging_state == TaggingState.QUEUED and second.tagging_state == TaggingState.DONE
    run_jobs()
    mentions = EntityMention.objects.filter(article=first)
    assert mentions.filter(pk=kept.pk, status=Status.ACCEPTED).exists()
    assert mentions.filter(origin=Origin.HUMAN, text="former").exists()
    assert not mentions.filter(id__in=untouched).exists()  # replaced by fresh suggestions
    assert mentions.filter(status=Status.SUGGESTED).exists()
    assert Article.objects.get(pk=first.pk).tagging_state == TaggingState.DONE

    response = client.post(reverse("articles:retag_selected"), {})
    assert response.status_code == 302
    listing = client.get(reverse("articles:list")).content.decode()
    assert 'form="retag-form"' in listing and "Re-tag selected articles" in listing
