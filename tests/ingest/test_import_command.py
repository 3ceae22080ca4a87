"""`manage.py import FILE|-`: every import format, a progress bar and a summary."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from apps.articles.models import Article
from apps.ingest.models import ImportBatch

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args, stdin: bytes | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        fake = io.TextIOWrapper(io.BytesIO(stdin))
        monkeypatch.setattr("sys.stdin", fake)
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_with_a_duplicate_and_a_failure(tmp_path, make_article):
    existing = make_article("Officials in Rome met on Monday.")
    path = tmp_path / "batch.csv"
    path.write_text(
        "title,body,url\n"
        "One,The mayor of Paris spoke on Tuesday.,https://example.org/a\n"
        f"Two,{existing.body},\n"
        "Three,,\n"
        "Four,Bad address here.,ftp://example.org/\n",
        encoding="utf-8",
    )
    out, err = _run(str(path))
    assert "1 imported, 1 duplicate(s), 2 failed, of 4" in out
    assert f"duplicate of #{existing.pk}" in out
    assert "no body text" in out and "http" in out
    assert "4/4" in err  # the progress bar
    assert Article.objects.filter(title="One").exists()


def test_jsonl_from_standard_input(monkeypatch):
    lines = [json.dumps({"title": f"T{n}", "body": f"Story {n} about Jane Doe."}) for n in range(3)]
    out, _ = _run("-", "--no-progress", stdin="\n".join(lines).encode(), monkeypatch=monkeypatch)
    assert "3 imported, 0 duplicate(s), 0 failed, of 3" in out
    assert ImportBatch.objects.get().filename == "standard input"


def test_zip_of_text_files(tmp_path):
    path = tmp_path / "articles.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "A first story about the harbour.")
        archive.writestr("b.md", "# Second\n\nA second story about the bridge.")
    out, _ = _run(str(path), "--no-progress")
    assert "2 imported" in out


def test_a_list_of_addresses_refused_item_by_item(tmp_path):
    path = tmp_path / "pages.urls"
    path.write_text("http://127.0.0.1/private\nhttp://localhost:8080/x\n", encoding="utf-8")
    out, _ = _run(str(path), "--no-progress")
    assert "0 imported, 0 duplicate(s), 2 failed, of 2" in out


def test_a_broken_file_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"title,text\nA,B\n")
    with pytest.raises(CommandError, match="body column"):
        _run(str(path))
    assert not ImportBatch.objects.exists()
    with pytest.raises(CommandError, match="No file"):
        _run(str(tmp_path / "missing.csv"))


def test_a_label_studio_export_is_mapped_as_the_page_proposes():
    from pathlib import Path

    from apps.annotations.models import EntityMention, Quote

    path = Path(__file__).resolve().parents[1] / "data" / "labelstudio.json"
    out, _ = _run(str(path), "--no-progress")
    assert "Label mapping:" in out and "Person → PERSON" in out
    assert "2 imported" in out
    labels = set(EntityMention.objects.values_list("label", flat=True))
    assert "PERSON" in labels and "Person" not in labels
    assert Quote.objects.exists()
    assert not ImportBatch.objects.filter(awaiting_mapping=True).exists()
