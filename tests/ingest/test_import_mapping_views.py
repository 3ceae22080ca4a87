"""The import page with a tool's export: the mapping preview comes before anything is stored."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.annotations.models import EntityMention, Quote
from apps.articles.models import Article
from apps.ingest.models import ImportBatch, ImportItem
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parent.parent / "data"


def upload(client, name: str, mode: str = "pretag"):
    file = SimpleUploadedFile(name, (DATA / name).read_bytes())
    return client.post(reverse("articles:import"), {"file": file, "annotation_mode": mode})


def field_for(page: str, label: str) -> str:
    """The name of the select on the row of one of the file's labels."""
    row = page[page.index(f">{label}</label>") :]
    return row[row.index('name="') + 6 :].split('"', 1)[0]


def test_a_label_studio_file_shows_its_labels_and_stores_nothing_until_confirmed(client, make_user):
    client.force_login(make_user("editor"))
    response = upload(client, "labelstudio.json")
    batch = ImportBatch.objects.get()
    mapping_url = reverse("articles:import_mapping", args=[batch.pk])
    assert response.status_code == 302 and response["Location"] == mapping_url
    # The progress page sends a batch that waits back to its mapping.
    assert client.get(reverse("articles:import_detail", args=[batch.pk]))["Location"] == (
        mapping_url
    )
    page = client.get(mapping_url).content.decode()
    assert "Label Studio export" in page and "Nothing is stored until you confirm" in page
    for label, count in [("Person", 5), ("GPE", 3), ("Quote", 2), ("said_by", 2)]:
        assert f'>{label}</label></th><td class="num">{count}</td>' in page
    person = field_for(page, "Person")
    assert f'name="{person}"' in page
    # The defaults: exact and known names are ours, quotes are quotes, the rest left out.
    assert (
        '<option value="PERSON" selected>'
        in page.split(f'name="{person}"')[1].split("</select>")[0]
    )
    # An import kept for its annotations is not offered as "ignore them" again.
    assert re.search(r'value="suggested"[^>]*checked', page)
    assert not Article.objects.exists() and not ImportItem.objects.exists()
    listing = client.get(reverse("articles:import")).content.decode()
    assert "waiting for its label mapping" in listing

    form = {
        field_for(page, "Person"): "PERSON",
        field_for(page, "Organization"): "ORG",
        field_for(page, "GPE"): "LOC",  # renamed
        field_for(page, "NORP"): "",  # left out
        field_for(page, "DATE"): "DATE",
        field_for(page, "Quote"): "quote:partial",
        field_for(page, "said_by"): "speaker",
        "annotation_mode": "accepted",
    }
    response = client.post(mapping_url, form)
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:import_detail", args=[batch.pk])
    run_jobs()
    assert Article.objects.count() == 2
    labels = set(EntityMention.objects.values_list("text", "label"))
    assert ("Liverpool", "LOC") in labels and ("Paris", "LOC") in labels
    assert not {label for _, label in labels} & {"GPE", "NORP"}
    assert ("French", "NORP") not in labels
    assert set(Quote.objects.values_list("kind", flat=True)) == {"partial"}
    assert Quote.objects.filter(speaker_entity__name="Sharon Graham").exists()
    # Confirmed once: the mapping page now leads to the progress.
    assert client.get(mapping_url)["Location"] == reverse("articles:import_detail", args=[batch.pk])


def test_a_mapping_to_an_unknown_label_is_refused(client, make_user):
    client.force_login(make_user("editor"))
    upload(client, "doccano-sequence.jsonl")
    batch = ImportBatch.objects.get()
    url = reverse("articles:import_mapping", args=[batch.pk])
    page = client.get(url).content.decode()
    response = client.post(url, {field_for(page, "PER"): "HERO", "annotation_mode": "accepted"})
    assert response.status_code == 400
    assert not ImportItem.objects.exists()


def test_a_pretty_printed_json_object_gets_one_clear_error(client, make_user):
    client.force_login(make_user("editor"))
    pretty = json.dumps({"text": "Jane Doe spoke.", "title": "One"}, indent=2).encode()
    file = SimpleUploadedFile("article.json", pretty)
    response = client.post(reverse("articles:import"), {"file": file, "annotation_mode": "pretag"})
    assert response.status_code == 400
    assert "one JSON object over several lines" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_editors_map_labels(client, make_user, role):
    client.force_login(make_user("editor"))
    upload(client, "doccano-sequence.jsonl")
    batch = ImportBatch.objects.get()
    client.force_login(make_user(role))
    url = reverse("articles:import_mapping", args=[batch.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"annotation_mode": "accepted"}).status_code == 403
