import csv
import io

import pytest
from django.urls import reverse

from apps.annotations.models import EntityMention, Origin, Status
from apps.core.csv import csv_lines, spreadsheet_safe
from tests.conftest import SAMPLE_TEXT, run_jobs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ('\n\n=HYPERLINK("http://x")', '\'\n\n=HYPERLINK("http://x")'),
        ("\x00=1+1", "'\x00=1+1"),
        ("Nouri Al Maliki", "Nouri Al Maliki"),
        (42, "42"),
        (None, ""),
    ],
)
def test_cells_cannot_run_as_formulas(value, expected):
    assert spreadsheet_safe(value) == expected


def test_every_cell_is_quoted_so_no_spreadsheet_guesses_its_type():
    lines = list(csv_lines(["id", "mention"], [[7, "\n\n=HYPERLINK(1)"], [None, "Paris"]]))
    assert lines == [
        '"id","mention"\r\n',
        '"7","\'\n\n=HYPERLINK(1)"\r\n',
        '"","Paris"\r\n',
    ]


@pytest.mark.django_db(transaction=True)
def test_article_entity_csv_has_one_row_per_mention(client, make_user, make_article):
    article = make_article(SAMPLE_TEXT + " =Evil", title="=cmd|' /C calc'!A0")
    run_jobs()
    start = article.body.index("=Evil")
    EntityMention.objects.create(
        article=article,
        start=start,
        end=start + 5,
        label="ORG",
        text="=Evil",
        origin=Origin.HUMAN,
        status=Status.ACCEPTED,
    )
    rejected = EntityMention.objects.filter(article=article, label="GPE").first()
    rejected.status = Status.REJECTED
    rejected.save()
    client.force_login(make_user("annotator"))
    response = client.get(reverse("exports:article_entities", args=[article.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "article_id",
        "title",
        "mention",
        "label",
        "entity",
        "start",
        "end",
        "status",
    ]
    body_rows = rows[1:]
    assert all(r[0] == str(article.id) and r[1] == "'=cmd|' /C calc'!A0" for r in body_rows)
    mentions = [(r[2], r[3], r[4]) for r in body_rows]
    # OntoNotes spans: the title stays outside the mention, which still groups under the person.
    assert ("Al Maliki", "PERSON", "Nouri Al Maliki") in mentions
    assert ("Maliki", "PERSON", "Nouri Al Maliki") in mentions
    assert ("'=Evil", "ORG", "") in mentions
    # Rejected suggestions are left out; everything else is there, in text order.
    visible = EntityMention.objects.filter(article=article).exclude(status=Status.REJECTED)
    assert [int(r[5]) for r in body_rows] == sorted(visible.values_list("start", flat=True))
    assert (str(rejected.start), str(rejected.end)) not in {(r[5], r[6]) for r in body_rows}
    for r in body_rows:
        assert article.body[int(r[5]) : int(r[6])] == r[2].removeprefix("'")


@pytest.mark.django_db
def test_missing_article_is_404(client, make_user):
    client.force_login(make_user("editor"))
    assert client.get(reverse("exports:article_entities", args=[424242])).status_code == 404
