"""quotes.csv for data journalists, and the CSV option for data tools."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.annotations.models import (
    Entity,
    Origin,
    Quote,
    QuoteKind,
    RegistryEntity,
    SpeakerRole,
    Status,
)
from apps.core.csv import csv_lines
from apps.publishing.models import PublishedQuote

pytestmark = pytest.mark.django_db

TEXT = (
    "“We will rebuild the bridge,” said Michael Knights, an analyst. "
    "Officials in Baghdad disagreed.\n\n"
    "=Critics called the plan “a fantasy” on Monday."
)


@pytest.fixture
def quoted(tagged_article):
    """An accepted direct quote by a registry person with a role, a partial quote inside it
    and a second, free-standing partial quote."""
    article = tagged_article(
        TEXT,
        title="=Bridge plans",
        source="Wire",
        url="https://example.org/bridge",
        published_at=datetime.date(2024, 5, 1),
    )
    analyst = SpeakerRole.objects.create(name="analyst")
    entry = RegistryEntity.objects.create(name="Michael Knights", label="PERSON", role=analyst)
    Entity.objects.filter(article=article, name="Michael Knights").update(registry=entry)
    inner = TEXT.index("rebuild the bridge")
    fantasy = TEXT.index("a fantasy")
    for start, end in ((inner, inner + 18), (fantasy, fantasy + 9)):
        Quote.objects.create(
            article=article,
            start=start,
            end=end,
            text=TEXT[start:end],
            kind=QuoteKind.PARTIAL,
            origin=Origin.HUMAN,
            status=Status.ACCEPTED,
        )
    return article


def download(client, **params) -> list[dict[str, str]]:
    response = client.get(reverse("exports:page"), {"format": "quotes.csv", **params})
    assert response.status_code == 200, response.content[:500]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def publish(article, make_user):
    from apps.publishing.services import annotation_start, review_approve, review_request

    annotator, reviewer = make_user("annotator", "ann"), make_user("reviewer", "rev")
    annotation_start(article=article, actor=annotator)
    review_request(article=article, actor=annotator)
    return review_approve(article=article, actor=reviewer)


def test_working_quotes_carry_article_speaker_role_and_nesting(client, make_user, quoted):
    client.force_login(make_user("annotator"))
    direct, inner, fantasy = download(client, version="working")
    ids = list(Quote.objects.filter(article=quoted).order_by("start").values_list("id", flat=True))
    assert [direct["quote_id"], inner["quote_id"], fantasy["quote_id"]] == [str(i) for i in ids]
    for row in (direct, inner, fantasy):
        assert row["article_id"] == str(quoted.id)
        assert row["title"] == "'=Bridge plans"  # still safe for a spreadsheet
        assert [row["article_date"], row["source"], row["url"]] == [
            "2024-05-01",
            "Wire",
            "https://example.org/bridge",
        ]
        assert row["published_version"] == ""
        assert row["status"] == "accepted"
    assert [direct["kind"], direct["quote"]] == ["direct", "We will rebuild the bridge"]
    assert [direct["speaker"], direct["speaker_entity"], direct["speaker_type"]] == [
        "Michael Knights",
        "Michael Knights",
        "named",
    ]
    assert direct["speaker_role"] == "analyst"
    assert [inner["kind"], inner["quote"]] == ["partial", "rebuild the bridge"]
    assert inner["nested_in"] == direct["quote_id"]
    assert direct["nested_in"] == "" and fantasy["nested_in"] == ""
    assert fantasy["speaker_role"] == "" and fantasy["speaker"] == ""


def test_a_rejected_quote_holds_nothing_nested(client, make_user, quoted):
    Quote.objects.filter(article=quoted, kind=QuoteKind.DIRECT).update(status=Status.REJECTED)
    client.force_login(make_user("annotator"))
    rows = download(client, version="working")
    assert [r["quote"] for r in rows] == ["rebuild the bridge", "a fantasy"]
    assert [r["nested_in"] for r in rows] == ["", ""]


def test_published_quotes_are_the_frozen_rows_with_version_and_nesting(client, make_user, quoted):
    version = publish(quoted, make_user)
    # Work after publication does not reach the published export.
    Quote.objects.filter(article=quoted).update(kind=QuoteKind.INDIRECT)
    client.force_login(make_user("editor"))
    direct, inner, fantasy = download(client)
    frozen = list(version.quotes.order_by("start").values_list("id", "nested", flat=False))
    assert [direct["quote_id"], inner["quote_id"], fantasy["quote_id"]] == [
        str(pk) for pk, _ in frozen
    ]
    assert [nested for _, nested in frozen] == [False, True, False]
    assert inner["nested_in"] == direct["quote_id"]
    assert direct["nested_in"] == fantasy["nested_in"] == ""
    assert {r["published_version"] for r in (direct, inner, fantasy)} == {str(version.number)}
    assert {r["status"] for r in (direct, inner, fantasy)} == {"published"}
    assert [direct["kind"], inner["kind"]] == ["direct", "partial"]
    assert [direct["title"], direct["article_date"], direct["source"], direct["url"]] == [
        "'=Bridge plans",
        "2024-05-01",
        "Wire",
        "https://example.org/bridge",
    ]
    assert [direct["cue"], direct["speaker"], direct["speaker_entity"]] == [
        "said",
        "Michael Knights",
        "Michael Knights",
    ]
    assert direct["speaker_role"] == "analyst" and fantasy["speaker_role"] == ""

    # A second version: its rows replace the first's, with its number.
    from apps.publishing.services import annotation_start, review_approve, review_request

    annotator = make_user("annotator", "ann")  # the article's annotator since the first
    annotation_start(article=quoted, actor=annotator)
    review_request(article=quoted, actor=annotator)
    second = review_approve(article=quoted, actor=make_user("reviewer", "rev"))
    rows = download(client)
    assert {r["published_version"] for r in rows} == {str(second.number)} == {"2"}
    assert {r["kind"] for r in rows} == {"indirect"}
    assert {int(r["quote_id"]) for r in rows} == set(
        PublishedQuote.objects.filter(version=second).values_list("id", flat=True)
    )
    [inner] = [r for r in rows if r["quote"] == "rebuild the bridge"]
    [direct] = [r for r in rows if r["quote"].startswith("We will")]
    assert inner["nested_in"] == direct["quote_id"]


def test_csv_lines_for_data_tools_write_cells_as_stored():
    rows = [[7, "=HYPERLINK(1)"], [None, "-2"]]
    assert list(csv_lines(["id", "mention"], rows, formula_safe=False)) == [
        '"id","mention"\r\n',
        '"7","=HYPERLINK(1)"\r\n',
        '"","-2"\r\n',
    ]


def test_for_data_tools_leaves_out_the_formula_protection(client, make_user, quoted):
    client.force_login(make_user("annotator"))
    page = client.get(reverse("exports:page")).content.decode()
    assert "For data tools (pandas, R, a database): no formula protection" in page
    assert "Do not open this file in a spreadsheet." in page

    assert {r["title"] for r in download(client, version="working")} == {"'=Bridge plans"}
    response = client.get(
        reverse("exports:page"),
        {"format": "quotes.csv", "version": "working", "for_data_tools": "on"},
    )
    assert "for-data-tools" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["title"] for r in rows} == {"=Bridge plans"}
    for fmt in ("articles.csv", "entities.csv"):
        params = {"format": fmt, "version": "working", "for_data_tools": "on"}
        data = b"".join(client.get(reverse("exports:page"), params).streaming_content).decode()
        assert {r["title"] for r in csv.DictReader(io.StringIO(data))} == {"=Bridge plans"}

    both = client.get(
        reverse("exports:page"),
        {"format": "quotes.csv", "version": "working", "for_data_tools": "on", "excel": "on"},
    )
    assert both.status_code == 400
    assert "Choose one." in both.content.decode()


def test_export_command_for_data_tools(tmp_path, quoted):
    out = tmp_path / "quotes.csv"
    args = ["export", "quotes.csv", "--annotations", "working", "-o", str(out)]
    call_command(*args)
    assert {r["title"] for r in csv.DictReader(io.StringIO(out.read_text()))} == {"'=Bridge plans"}
    call_command(*args, "--for-data-tools")
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["title"] for r in rows} == {"=Bridge plans"}
    assert [r["nested_in"] != "" for r in rows] == [False, True, False]
    with pytest.raises(Exception, match="not allowed with"):
        call_command(*args, "--for-data-tools", "--excel")
