import io
import json
import zipfile

import pytest

from apps.annotations.models import EntityMention, Origin, Quote, Status
from apps.articles.models import Article, TaggingState
from apps.articles.normalise import IngestError
from apps.ingest.models import (
    AnnotationMode,
    ImportItem,
    ImportItemStatus,
    ImportKind,
    ImportUpload,
)
from apps.ingest.services import import_batch_create
from tests.conftest import SAMPLE_TEXT, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def outcomes(batch):
    return [
        (item.label, item.status, item.reason)
        for item in ImportItem.objects.filter(batch=batch).order_by("position")
    ]


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_csv_rows_become_articles_and_a_bad_row_does_not_stop_the_rest(make_user):
    editor = make_user("editor")
    data = (
        b"title,body,byline,source,url,published_at\r\n"
        b'First,"Jane Doe spoke in Paris.\n\nSecond paragraph.",A. Writer,Wire,https://example.com/a,2024-05-31\r\n'
        b"Empty,,,,,\r\n"
        b"Bad date,Text about Berlin.,,,,31/05/2024\r\n"
        b"Bad link,Text about Rome.,,,javascript:alert(1),\r\n"
        b",<script>alert(1)</script><p>Only <b>this</b> stays.</p>,,,,\r\n"
    )
    batch = import_batch_create(kind=ImportKind.CSV, data=data, created_by=editor, filename="a.csv")
    run_jobs()
    result = outcomes(batch)
    assert [status for _, status, _ in result] == [
        "stored",
        "failed",
        "failed",
        "failed",
        "stored",
    ]
    assert "no body" in result[1][2]
    assert "published_at" in result[2][2]
    assert "http" in result[3][2]
    first = Article.objects.get(title="First")
    assert first.body == "Jane Doe spoke in Paris.\n\nSecond paragraph."
    assert (first.byline, first.source, str(first.published_at)) == (
        "A. Writer",
        "Wire",
        "2024-05-31",
    )
    assert first.created_by == editor
    assert Article.objects.get(title="Only this stays.").body == "Only this stays."
    assert set(Article.objects.values_list("tagging_state", flat=True)) == {TaggingState.DONE}

    again = import_batch_create(kind=ImportKind.CSV, data=data, created_by=editor)
    run_jobs()
    assert Article.objects.count() == 2
    duplicates = [(s, r) for _, s, r in outcomes(again) if s == ImportItemStatus.DUPLICATE]
    assert duplicates == [("duplicate", f"duplicate of #{first.pk}"), duplicates[1]]
    assert duplicates[1][1].startswith("duplicate of #")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"title,text\r\nA,B\r\n", "body column"),
        (b"body\r\n", "no rows"),
        ("title,body\r\nA,caf\xe9\r\n".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_broken_csv_files_are_refused_whole(make_user, data, message):
    with pytest.raises(IngestError, match=message):
        import_batch_create(kind=ImportKind.CSV, data=data, created_by=make_user("editor"))
    assert not ImportItem.objects.exists()


def test_jsonl_with_annotations_imports_them_as_accepted(make_user):
    text = "Jane Doe said “we will win” in Paris."
    line = {
        "id": "x1",
        "text": text,
        "entities": [
            {"start": 0, "end": 8, "label": "PERSON", "text": "Jane Doe", "entity": "Jane Doe"},
            {"start": 31, "end": 36, "label": "GPE", "text": "Paris", "entity": "Paris"},
        ],
        "quotes": [
            {
                "start": 15,
                "end": 25,
                "text": "we will win",
                "kind": "direct",
                "cue": {"start": 9, "end": 13, "text": "said"},
                "speaker": {"start": 0, "end": 8, "text": "Jane Doe"},
                "speaker_entity": "Jane Doe",
                "speaker_type": "named",
            },
        ],
    }
    line["quotes"][0]["text"] = text[15:25]
    bad_offsets = dict(
        line,
        text=text + " Other.",
        entities=[{"start": 0, "end": 4, "label": "PERSON", "text": "John"}],
    )
    data = "\n".join(
        [json.dumps(line), "{not json", json.dumps(["a list"]), json.dumps(bad_offsets)]
    ).encode()
    batch = import_batch_create(
        kind=ImportKind.JSONL,
        data=data,
        created_by=make_user("editor"),
        annotation_mode=AnnotationMode.ACCEPTED,
    )
    run_jobs()
    result = outcomes(batch)
    assert [s for _, s, _ in result] == ["stored", "failed", "failed", "failed"]
    assert "JSON" in result[1][2] and "object" in result[2][2] and "John" in result[3][2]
    article = Article.objects.get()
    assert article.tagger_version == "imported" and article.tagging_state == TaggingState.DONE
    mentions = EntityMention.objects.filter(article=article)
    assert list(mentions.values_list("start", "end", "label", "origin", "status")) == [
        (0, 8, "PERSON", Origin.HUMAN, Status.ACCEPTED),
        (31, 36, "GPE", Origin.HUMAN, Status.ACCEPTED),
    ]
    quote = Quote.objects.get(article=article)
    assert (quote.cue_text, quote.speaker_text) == ("said", "Jane Doe")
    assert quote.speaker_entity.name == "Jane Doe"
    assert article.events.filter(action="import").count() == 1


def test_zip_entries_are_checked_before_reading(make_user, settings):
    editor = make_user("editor")
    data = zip_of(
        {
            "a.txt": SAMPLE_TEXT.encode(),
            "folder/b.md": b"# Title\n\nSome *Markdown* about Rome.",
            "c.html": b"<h1>Head</h1><p onclick='x()'>Safe <script>bad()</script>text.</p>",
            "../evil.txt": b"escape",
            "/abs.txt": b"absolute",
            "inner.zip": b"PK",
            "d.pdf": b"%PDF",
            "e.txt": "caf\xe9".encode("latin-1"),
            "__MACOSX/._a.txt": b"junk",
        }
    )
    batch = import_batch_create(kind=ImportKind.ZIP, data=data, created_by=editor)
    run_jobs()
    result = {label: (status, reason) for label, status, reason in outcomes(batch)}
    assert result["a.txt"][0] == result["folder/b.md"][0] == result["c.html"][0] == "stored"
    assert result["../evil.txt"][0] == result["/abs.txt"][0] == "failed"
    assert "Archives" in result["inner.zip"][1]
    assert "UTF-8" in result["e.txt"][1]
    assert "__MACOSX/._a.txt" not in result
    assert Article.objects.filter(body="Head\n\nSafe text.").exists()

    settings.NEWSDESK_MAX_ZIP_ENTRIES = 3
    with pytest.raises(IngestError, match="at most 3"):
        import_batch_create(kind=ImportKind.ZIP, data=data, created_by=editor)
    settings.NEWSDESK_MAX_ZIP_ENTRIES = 1000
    bomb = zip_of({"big.txt": b"a " * (5 * 1024 * 1024)})
    assert len(bomb) < 100_000
    settings.NEWSDESK_MAX_ZIP_UNPACKED_BYTES = 1024 * 1024
    with pytest.raises(IngestError, match="unpack"):
        import_batch_create(kind=ImportKind.ZIP, data=bomb, created_by=editor)
    with pytest.raises(IngestError, match="zip"):
        import_batch_create(kind=ImportKind.ZIP, data=b"not a zip", created_by=editor)


ARTICLE_PAGE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Harbour talks resume | Daily Wire</title>
<meta name="author" content="Ann Reporter"><meta property="og:site_name" content="Daily Wire">
<meta property="article:published_time" content="2024-03-02T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour talks resume</h1>
<p>Talks between the port authority and the dockers' union resumed in Rotterdam on Monday,
after a strike that closed the harbour for nine days and stranded forty ships.</p>
<p>&ldquo;We are close to an agreement,&rdquo; said Maria Jansen, who leads the union's
negotiating team. She added that the pay offer still fell short of inflation.</p>
<p>The port authority said it expected the first ships to leave by Wednesday evening if the
union's members approved the deal in a vote planned for Tuesday.</p>
<script>steal()</script></article>
<footer>Copyright Daily Wire. All rights reserved.</footer></body></html>"""


def test_url_import_fetches_extracts_and_records_refusals(make_user):
    from apps.ingest.fetch import RawResponse
    from apps.ingest.services import import_batch_run

    dns = {"news.example": ["93.184.216.34"], "intranet.example": ["192.168.0.10"]}
    requests = []

    def opener(request):
        requests.append(request)
        if request.target == "/missing":
            return RawResponse(404, {"content-type": "text/html"}, iter([b""]))
        return RawResponse(200, {"content-type": "text/html"}, iter([ARTICLE_PAGE]))

    urls = "\n".join(
        [
            "https://news.example/harbour",
            "https://news.example/missing",
            "http://intranet.example/secret",
            "http://127.0.0.1/admin",
            "# a comment line",
            "https://news.example/harbour?again=1",
        ]
    )
    batch = import_batch_create(kind=ImportKind.URLS, urls=urls, created_by=make_user("editor"))
    # The job runs here with the fake network instead of the worker's real one.
    import_batch_run(batch_id=batch.id, resolver=lambda h, p: dns[h], opener=opener)
    result = outcomes(batch)
    assert [s for _, s, _ in result] == ["stored", "failed", "failed", "failed", "duplicate"]
    assert "404" in result[1][2] and "private" in result[2][2] and "public" in result[3][2]
    assert {r.host for r in requests} == {"news.example"}
    article = Article.objects.get()
    assert article.url == "https://news.example/harbour"
    assert article.title.startswith("Harbour talks resume")
    assert article.source == "Daily Wire" and article.byline == "Ann Reporter"
    assert str(article.published_at) == "2024-03-02"
    assert "“We are close to an agreement,” said Maria Jansen" in article.body
    assert "steal" not in article.body and "Copyright" not in article.body
    assert "Home" not in article.body


def test_hostile_jsonl_lines_fail_one_by_one(make_user, settings):
    settings.NEWSDESK_MAX_BODY_CHARS = 5000
    text = "Jane Doe visited Paris."
    good = {"text": text, "entities": [{"start": 0, "end": 8, "label": "PERSON"}]}
    lines = [
        json.dumps(good),
        "[" * 100_000,  # nesting deep enough to exhaust a recursive parser
        json.dumps({"body": "Null \u0000 byte inside."}),
        json.dumps({"body": "word " * 2000}),  # longer than the body limit
        json.dumps({"body": "Some text.", "title": {"$gt": ""}}),
        json.dumps({"text": "Another text.", "entities": [{"start": -1, "end": 3, "label": "X"}]}),
        json.dumps({"text": "Another one.", "entities": [{"start": True, "end": 3, "label": "X"}]}),
        json.dumps({"text": "Third text.", "entities": [{"start": 0, "end": 99, "label": "X"}]}),
        json.dumps({"text": "Fourth text.", "entities": [{"start": 0, "end": 6, "label": "<b>"}]}),
        json.dumps({"text": "Fifth text.", "quotes": [{"start": 0, "end": 5, "kind": "rumour"}]}),
        json.dumps({"text": "Sixth text.", "entities": "not a list"}),
        json.dumps(
            {"body": "<img src=x onerror=alert(1)><p>Kept <i>text</i>.</p>", "format": "html"}
        ),
        json.dumps({"body": "x", "format": "exe"}),
    ]
    batch = import_batch_create(
        kind=ImportKind.JSONL,
        data="\n".join(lines).encode(),
        created_by=make_user("editor"),
        annotation_mode=AnnotationMode.SUGGESTED,
    )
    run_jobs()
    result = outcomes(batch)
    statuses = [s for _, s, _ in result]
    assert statuses[0] == "stored" and statuses[11] == "stored"
    assert statuses[1:11] == ["failed"] * 10 and statuses[12] == "failed"
    reasons = [r for _, _, r in result]
    assert "NUL" in reasons[2] and "too long" in reasons[3] and "title" in reasons[4]
    assert "outside" in reasons[5] and "whole-number" in reasons[6] and "outside" in reasons[7]
    assert "label" in reasons[8] and "kind" in reasons[9] and "list" in reasons[10]
    assert Article.objects.count() == 2  # nothing half-stored from the refused lines
    assert Article.objects.filter(body="Kept text.").exists()
    mention = EntityMention.objects.get()
    assert (mention.origin, mention.status, mention.text) == ("machine", "suggested", "Jane Doe")


def test_running_an_import_twice_stores_nothing_twice(make_user):
    from apps.ingest.services import import_batch_run

    data = b'{"body": "One article about Oslo."}\n{"body": "Another about Lima."}\n'
    batch = import_batch_create(kind=ImportKind.JSONL, data=data, created_by=make_user("editor"))
    import_batch_run(batch_id=batch.id)
    import_batch_run(batch_id=batch.id)
    run_jobs()
    assert Article.objects.count() == 2
    assert [s for _, s, _ in outcomes(batch)] == ["stored", "stored"]
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert ImportItem.objects.filter(batch=batch).exclude(payload={}).count() == 0


def test_csv_with_too_many_rows_or_cells_is_handled(make_user, settings):
    settings.NEWSDESK_MAX_IMPORT_ITEMS = 3
    editor = make_user("editor")
    rows = "".join(f"T{n},Body {n}.\r\n" for n in range(4))
    with pytest.raises(IngestError, match="more than 3"):
        import_batch_create(
            kind=ImportKind.CSV, data=f"title,body\r\n{rows}".encode(), created_by=editor
        )
    data = b'title,body\r\nA,B,extra\r\n"Unclosed,quote\r\n'
    batch = import_batch_create(kind=ImportKind.CSV, data=data, created_by=editor)
    assert [s for _, s, _ in outcomes(batch)][0] == "failed"


def test_imported_articles_are_pretagged_several_to_a_job_and_none_is_left_behind(make_user):
    from django.db import connection

    from apps.ingest.services import PRETAG_CHUNK, import_batch_run

    def pretag_jobs():
        # Only this batch's articles: jobs of other tests may still be in the table.
        mine = set(ImportItem.objects.filter(batch=batch).values_list("article_id", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT args::text FROM procrastinate_jobs "
                "WHERE task_name = 'apps.annotations.tasks.pretag_articles' ORDER BY id"
            )
            jobs = [json.loads(args)["article_ids"] for (args,) in cursor.fetchall()]
        return [len(ids) for ids in jobs if set(ids) <= mine]

    count = PRETAG_CHUNK + 2
    lines = [
        json.dumps({"title": f"T{n}", "body": f"Story {n} about Jane Doe."}) for n in range(count)
    ]
    batch = import_batch_create(
        kind=ImportKind.JSONL, data="\n".join(lines).encode(), created_by=make_user("editor")
    )
    import_batch_run(batch_id=batch.id)
    assert pretag_jobs() == [PRETAG_CHUNK, 2]

    # A run that died after storing an article but before queuing it is made good next time.
    orphan = Article.objects.order_by("id").last()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE task_name = %s",
            ["apps.annotations.tasks.pretag_articles"],
        )
    Article.objects.exclude(pk=orphan.pk).update(tagging_state=TaggingState.DONE)
    import_batch_run(batch_id=batch.id)
    assert pretag_jobs() == [1]
    run_jobs()
    orphan.refresh_from_db()
    assert orphan.tagging_state == TaggingState.DONE


def test_a_chunk_is_stored_with_one_duplicate_query_and_its_jobs_queued_in_one(
    make_user, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.ingest.services import PRETAG_CHUNK, import_batch_run

    existing = make_article("Story 5 about Oslo.")
    count = 3 * PRETAG_CHUNK
    lines = [json.dumps({"body": f"Story {n} about Oslo."}) for n in range(count)]
    lines.append(json.dumps({"body": "Story 7 about  Oslo."}))  # the same text once normalised
    batch = import_batch_create(
        kind=ImportKind.JSONL, data="\n".join(lines).encode(), created_by=make_user("editor")
    )
    with CaptureQueriesContext(connection) as queries:
        import_batch_run(batch_id=batch.id)
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sql if '"body_sha256" IN' in q]) == 1
    assert len([q for q in sql if "procrastinate_defer_jobs" in q]) == 1
    assert len([q for q in sql if q.startswith('INSERT INTO "articles_article"')]) == 0
    assert len([q for q in sql if "COPY" in q]) == 1
    result = outcomes(batch)
    first_copy = Article.objects.get(body="Story 7 about Oslo.")
    assert result[5][1:] == ("duplicate", f"duplicate of #{existing.pk}")
    assert result[-1][1:] == ("duplicate", f"duplicate of #{first_copy.pk}")
    assert [s for _, s, _ in result].count("stored") == count - 1
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert not ImportUpload.objects.filter(batch=batch).exists()  # the file is not kept


def test_a_chunk_that_cannot_be_stored_together_is_stored_item_by_item(
    make_user, monkeypatch, caplog
):
    from apps.ingest.services import import_batch_run, imports

    # Another import stored one of these bodies after the duplicate check: the chunk's
    # insert fails, and each item is then stored (or refused) on its own.
    earlier = make_user("editor")
    lines = [json.dumps({"body": f"Report {n} from Lima."}) for n in range(12)]
    first = import_batch_create(kind=ImportKind.JSONL, data=lines[3].encode(), created_by=earlier)
    import_batch_run(batch_id=first.id)
    stored_before = Article.objects.get()
    monkeypatch.setattr(imports, "articles_by_digest", lambda digests: {})
    batch = import_batch_create(
        kind=ImportKind.JSONL, data="\n".join(lines).encode(), created_by=earlier
    )
    import_batch_run(batch_id=batch.id)
    assert "could not be stored together" in caplog.text
    result = outcomes(batch)
    assert [s for _, s, _ in result].count("stored") == 11
    assert result[3][1:] == ("duplicate", f"duplicate of #{stored_before.pk}")
    assert Article.objects.count() == 12


def test_pretag_jobs_hold_a_bounded_number_of_articles_and_characters():
    from apps.ingest.services import PRETAG_CHUNK, PRETAG_JOB_CHARS, pretag_groups

    small = [(n, 1000) for n in range(PRETAG_CHUNK + 1)]
    assert [len(g) for g in pretag_groups(small)] == [PRETAG_CHUNK, 1]
    big = PRETAG_JOB_CHARS // 2 + 1
    mixed = [(1, big), (2, big), (3, 10), (4, 3 * PRETAG_JOB_CHARS), (5, 10)]
    assert pretag_groups(mixed) == [[1], [2, 3], [4], [5]]
    assert pretag_groups([]) == []


def test_a_small_zip_of_long_repetitive_texts_is_unpacked_by_the_job_and_nothing_big_is_written(
    make_user, monkeypatch
):
    from django.db import connection

    from apps.ingest.services import import_batch_run

    entries = {f"copy-{n}.txt": b"The same words again. " * 70_000 for n in range(20)}
    entries["fine.txt"] = b"A normal story about Jane Doe in Paris."
    data = zip_of(entries)
    assert len(data) < 100_000  # about 30 MB of text once unpacked

    def no_unpacking(*args, **kwargs):
        raise AssertionError("an entry was decompressed during the request")

    with monkeypatch.context() as patched:
        patched.setattr(zipfile.ZipFile, "open", no_unpacking)
        batch = import_batch_create(kind=ImportKind.ZIP, data=data, created_by=make_user("editor"))
    assert ImportItem.objects.filter(batch=batch, status="pending").count() == 21

    import_batch_run(batch_id=batch.id)
    result = {label: (status, reason) for label, status, reason in outcomes(batch)}
    assert result.pop("fine.txt") == ("stored", "")
    assert {status for status, _ in result.values()} == {"failed"}
    assert all(
        "too long" in reason and "1,539,999 characters" in reason for _, reason in result.values()
    )
    assert Article.objects.get().body == "A normal story about Jane Doe in Paris."
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_column_size(item.*)) FROM ingest_importitem item WHERE batch_id = %s",
            [batch.id],
        )
        (written,) = cursor.fetchone()
    assert written < 20_000  # reasons and labels, never the unpacked text
    assert not ImportUpload.objects.filter(batch=batch).exists()
