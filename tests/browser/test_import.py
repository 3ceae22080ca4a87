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
