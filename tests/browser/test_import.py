import pytest
from playwright.sync_api import expect

from apps.articles.models import Article
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    b"title,body,source\r\n"
    b"Port strike,Dockers in Rotterdam walked out on Monday.,Wire\r\n"
    b"No body,,Wire\r\n"
    b"Bridge,The Harbour Bridge reopened in Sydney.,Daily\r\n"
)


def test_editor_imports_a_csv_and_watches_progress(page, sign_in):
    sign_in(page, "editor")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("File").set_input_files(
        {"name": "batch.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Import").click()

    status = page.locator("[data-import-state]")
    expect(status).to_contain_text("0 of 3 stored")
    run_jobs()  # the page polls and updates without a reload
    expect(status).to_contain_text("2 of 3 stored", timeout=15_000)
    expect(status).to_contain_text("2 of 2 tagged")
    expect(status).to_have_attribute("data-import-state", "finished")
    failed = page.locator("table.problems tbody tr")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("no body text")

    # The same file again: nothing new, each row names the article it duplicates.
    page.goto("/articles/import/")
    page.get_by_label("File").set_input_files(
        {"name": "batch.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Import").click()
    run_jobs()
    expect(page.locator("[data-import-state]")).to_have_attribute(
        "data-import-state", "finished", timeout=15_000
    )
    rows = page.locator("table.problems tbody tr")
    expect(rows).to_have_count(3)
    port = Article.objects.get(title="Port strike")
    expect(rows.nth(0)).to_contain_text(f"duplicate of #{port.pk} Port strike")
    rows.nth(0).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Port strike")
    assert Article.objects.count() == 2


def test_refused_file_shows_the_reason(page, sign_in, browser_problems):
    sign_in(page, "editor")
    page.goto("/articles/import/")
    page.get_by_label("File").set_input_files(
        {"name": "batch.zip", "mimeType": "application/zip", "buffer": b"not a zip at all"}
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("not a readable zip archive")
    # The refusal is answered with status 400, which the browser reports in its console.
    browser_problems[:] = [p for p in browser_problems if "status of 400" not in p]


def test_zip_jsonl_and_web_addresses_from_the_import_page(page, sign_in, monkeypatch):
    import io
    import json
    import zipfile

    from apps.annotations.models import EntityMention
    from apps.ingest import fetch
    from tests.ingest.test_import_services import ARTICLE_PAGE

    sign_in(page, "editor")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.md", "# Lima talks\n\nThe mayor of Lima met *unions*.")
        archive.writestr("../two.txt", "escape")
    page.goto("/articles/import/")
    page.get_by_label("File").set_input_files(
        {"name": "stories.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}
    )
    page.get_by_role("button", name="Import").click()
    run_jobs()
    status = page.locator("[data-import-state]")
    expect(status).to_contain_text("1 of 2 stored", timeout=15_000)
    expect(page.locator("table.problems")).to_contain_text("leaves its folder")

    line = {
        "text": "Jane Doe visited Oslo.",
        "entities": [{"start": 0, "end": 8, "label": "PERSON", "text": "Jane Doe"}],
    }
    page.goto("/articles/import/")
    page.get_by_label("File").set_input_files(
        {"name": "a.jsonl", "mimeType": "application/jsonl", "buffer": json.dumps(line).encode()}
    )
    page.get_by_label("import them as accepted annotations").check()
    page.get_by_role("button", name="Import").click()
    run_jobs()
    expect(page.locator("[data-import-state]")).to_contain_text("1 of 1 tagged", timeout=15_000)
    oslo = Article.objects.get(body=line["text"])
    mentions = EntityMention.objects.filter(article=oslo).values_list("text", "status")
    assert list(mentions) == [("Jane Doe", "accepted")]

    def opener(request):
        return fetch.RawResponse(200, {"content-type": "text/html"}, iter([ARTICLE_PAGE]))

    monkeypatch.setattr(fetch, "system_resolver", lambda host, port: ["93.184.216.34"])
    monkeypatch.setattr(fetch, "system_opener", opener)
    page.goto("/articles/import/")
    page.get_by_label("Web addresses").fill("https://news.example/harbour\nhttp://localhost/admin")
    page.get_by_role("button", name="Import").click()
    run_jobs()
    expect(page.locator("[data-import-state]")).to_contain_text("1 of 2 stored", timeout=15_000)
    expect(page.locator("table.problems")).to_contain_text("private network")
    assert Article.objects.filter(title__startswith="Harbour talks resume").exists()
