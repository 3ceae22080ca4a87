"""An editor imports a Label Studio export, maps its labels and finds the annotations."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.annotations.models import EntityMention
from apps.articles.models import Article
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

LABEL_STUDIO = (Path(__file__).resolve().parent.parent / "data" / "labelstudio.json").read_bytes()


def test_editor_maps_a_label_studio_export_and_sees_its_annotations(page, sign_in):
    sign_in(page, "editor")
    page.goto("/articles/import/")
    page.get_by_label("File").set_input_files(
        {"name": "project-3.json", "mimeType": "application/json", "buffer": LABEL_STUDIO}
    )
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Map the labels")
    labels = page.locator("table[data-mapping=labels]")
    expect(labels.get_by_role("row", name="Person")).to_contain_text("5")
    expect(page.get_by_label("Person", exact=True)).to_have_value("PERSON")
    expect(page.get_by_label("NORP", exact=True)).to_have_value("NORP")
    expect(page.get_by_label("said_by", exact=True)).to_have_value("speaker")
    assert not Article.objects.exists()

    page.get_by_label("GPE", exact=True).select_option("LOC")  # renamed
    page.get_by_label("NORP", exact=True).select_option("")  # left out
    page.get_by_label("import them as accepted annotations").check()
    page.get_by_role("button", name="Import with this mapping").click()

    run_jobs()
    status = page.locator("[data-import-state]")
    expect(status).to_contain_text("2 of 2 stored", timeout=15_000)
    expect(status).to_have_attribute("data-import-state", "finished")
    page.get_by_role("link", name="See the articles.").click()
    page.get_by_role("link", name="Port strike").click()
    expect(page.locator("#entities-heading + *")).to_contain_text("Liverpool")
    quotes = page.locator(".quote-list")
    expect(quotes).to_contain_text("We will not back down")
    expect(quotes).to_contain_text("Sharon Graham")
    merkel = Article.objects.get(title="Merkel in Paris")
    labels = set(EntityMention.objects.filter(article=merkel).values_list("text", "label"))
    assert ("Paris", "LOC") in labels and "French" not in {text for text, _ in labels}
