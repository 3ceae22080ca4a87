import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("pretag", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_files_give_the_design_shape_with_offsets_into_the_canonical_text(tmp_path):
    html = tmp_path / "story.html"
    html.write_text("<p>Jane Doe flew to <b>Paris</b> on Monday.</p><p>Doe&#39;s trip.</p>")
    result = json.loads(run(str(html)))
    assert result["id"] == "story"
    assert result["text"] == "Jane Doe flew to Paris on Monday.\n\nDoe's trip."
    assert isinstance(result["quotes"], list)
    for entity in result["entities"]:
        assert set(entity) == {"start", "end", "label", "text", "entity"}
        assert result["text"][entity["start"] : entity["end"]] == entity["text"]
    people = {e["text"]: e["entity"] for e in result["entities"] if e["label"] == "PERSON"}
    assert people["Jane Doe"] == "Jane Doe" and people.get("Doe", "Jane Doe") == "Jane Doe"


def test_several_files_as_jsonl(tmp_path):
    for name in ("a.txt", "b.md"):
        (tmp_path / name).write_text(f"Story {name} about John Roe.")
    lines = run(str(tmp_path / "a.txt"), str(tmp_path / "b.md"), "--format", "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]


def test_jsonl_on_stdin_with_astral_characters(monkeypatch):
    stdin = json.dumps({"id": 7, "text": "😀 Jane Doe 👍🏽 visited Paris."}) + "\n\n"
    result = json.loads(run("-", stdin=stdin, monkeypatch=monkeypatch))
    assert result["id"] == "7"
    for entity in result["entities"]:
        assert result["text"][entity["start"] : entity["end"]] == entity["text"]


def test_bad_stdin_lines_are_reported_and_the_rest_still_tagged(monkeypatch):
    stdin = 'not json\n{"id": "x"}\n["list"]\n{"id": "ok", "text": "Jane Doe."}\n'
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 input"):
        call_command("pretag", "-", stdout=out, stderr=err)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["ok"]
    assert "line 1" in err.getvalue() and "line 2" in err.getvalue()


def test_unreadable_files_fail_clearly(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError, match="No input"):
        call_command("pretag", str(binary), str(tmp_path / "missing.txt"), stderr=io.StringIO())


def test_pretag_runs_without_deployment_settings_as_a_scorer_calls_it():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    line = json.dumps({"id": "a", "text": "“We will stay,” said Ana Ruiz."}) + "\n"
    run = subprocess.run(
        [sys.executable, "manage.py", "pretag", "-", "--format", "jsonl"],
        cwd=root,
        env=env,
        input=line,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (result,) = [json.loads(x) for x in run.stdout.splitlines() if x.strip()]
    assert result["quotes"][0]["speaker"]["text"] == "Ana Ruiz"


BLOCKQUOTE_HTML = (
    "<p>Ana Ruiz posted a statement on Monday.</p><blockquote>Our city deserves a bridge "
    "that does not frighten the people who cross it every day.</blockquote>"
)


def test_an_html_file_gives_its_blockquotes_as_evidence(tmp_path):
    html = tmp_path / "statement.html"
    html.write_text(BLOCKQUOTE_HTML)
    result = json.loads(run(str(html)))
    assert set(result) == {"id", "text", "entities", "quotes"}
    [quote] = [q for q in result["quotes"] if q["kind"] == "direct"]
    assert quote["text"].startswith("Our city deserves") and quote["speaker"]["text"] == "Ana Ruiz"


def test_stdin_lines_may_carry_blocks(monkeypatch):
    text = (
        "Ana Ruiz posted a statement on Monday.\n\nOur city deserves a bridge that does not "
        "frighten the people who cross it every day."
    )
    start = text.index("Our")
    lines = [
        {"id": "with", "text": text, "blocks": [[start, len(text)]]},
        {"id": "without", "text": text},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    results = [json.loads(x) for x in run("-", stdin=stdin, monkeypatch=monkeypatch).splitlines()]
    direct = {r["id"]: [q for q in r["quotes"] if q["kind"] == "direct"] for r in results}
    assert [(q["start"], q["end"]) for q in direct["with"]] == [(start, len(text))]
    assert direct["without"] == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": "Ana wrote.\n\nWe stay.", "blocks": [[12]]}, "pairs of integers"),
        ({"text": "Ana wrote.\n\nWe stay.", "blocks": [[12, 99]]}, "outside the text"),
        ({"text": "Ana  wrote.\n\nWe stay.", "blocks": [[13, 21]]}, "canonical"),
    ],
)
def test_bad_blocks_are_refused_clearly(monkeypatch, line, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(line) + "\n"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("pretag", "-", stdout=io.StringIO(), stderr=err)
    assert message in err.getvalue()
