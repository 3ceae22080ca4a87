"""Scoring against gold files, and the evaluate command."""

import json

import pytest
from django.core.management import CommandError, call_command

from apps.nlp import evaluation
from apps.nlp.evaluation import GoldEntity, GoldQuote
from apps.nlp.types import FoundMention, FoundQuote, TextSpan


def predicted(text, kind="direct", speaker=None, entity=None, cue=None):
    return FoundQuote(
        start=0,
        end=len(text),
        text=text,
        kind=kind,
        cue=TextSpan(0, len(cue), cue) if cue else None,
        speaker=TextSpan(0, len(speaker), speaker) if speaker else None,
        speaker_entity=entity,
        speaker_type="named" if speaker else "unknown",
    )


def gold(text, kind="direct", speakers=("Jane Doe",), id="Q1", cues=(), speaker_type="named"):
    return GoldQuote(
        id=id,
        kind=kind,
        text=text,
        speakers=list(speakers),
        speaker_type=speaker_type,
        cues=list(cues),
    )


# --- normalisation and the overlap rule -------------------------------------------------------


def test_normalisation_ignores_quote_marks_whitespace_case_and_edge_punctuation():
    assert evaluation.normalise_quote_text("“It ‘is’  Over,”\n") == "it is over"
    assert evaluation.normalise_quote_text('"We\'d tried him."') == "wed tried him"


def test_overlap_is_measured_against_the_longer_text():
    ten = "one two three four five six seven eight nine ten"
    assert evaluation.token_overlap(ten, ten + " eleven") == pytest.approx(10 / 11)
    assert evaluation.token_overlap(ten, "one two three four five") == pytest.approx(0.5)
    assert evaluation.token_overlap("Foreign agendas", "“foreign agendas”") == 1.0
    assert evaluation.token_overlap("a b", "c d") == 0.0


def test_matching_is_one_to_one_best_first():
    golds = [gold("the cat sat on the mat today", id="A"), gold("the cat sat on the mat", id="B")]
    preds = [predicted("the cat sat on the mat")]
    pairs, missed, spurious = evaluation.match_quotes(golds, preds)
    assert [(golds[g].id, p) for g, p, _ in pairs] == [("B", 0)]
    assert [golds[i].id for i in missed] == ["A"] and spurious == []


def test_a_quote_that_swallows_its_neighbour_does_not_match():
    golds = [gold("It is not great. One was Baqir, and Ali was another.")]
    preds = [
        predicted("It is not great. One was Baqir, and Ali was another. All were close to Iran.")
    ]
    assert evaluation.match_quotes(golds, preds)[0] == []


# --- quote scores -------------------------------------------------------------------------------


def test_scores_per_kind_speaker_accuracy_and_fully_right():
    golds = [
        gold("We will win this fight", speakers=["Jane Doe", "Doe"], cues=["said"]),
        gold("a good man", kind="partial", speakers=["George W Bush"], id="P1"),
        gold("the evidence was slim", kind="indirect", speakers=["Al Maliki"], id="I1"),
        gold("nobody found this one", id="Q2"),
    ]
    preds = [
        predicted("We will win this fight,", speaker="Ms Doe", entity="Jane Doe", cue="said"),
        predicted("a good man", kind="direct", speaker="Bush", entity="George W Bush"),
        predicted("the evidence was slim", kind="indirect", speaker="he", entity="Somebody"),
        predicted("a scare quote", kind="partial"),
    ]
    scores = evaluation.score_quotes(golds, preds)
    direct, partial, indirect = (scores.by_kind[k] for k in ("direct", "partial", "indirect"))
    # direct: 1 right of 2 gold and of 2 predicted (one predicted direct was really partial)
    assert (direct.prf.correct, direct.prf.predicted, direct.prf.gold) == (1, 2, 2)
    assert direct.prf.f1 == pytest.approx(0.5)
    assert (partial.prf.correct, partial.prf.predicted, partial.prf.gold) == (0, 1, 1)
    assert indirect.prf.precision == 1.0 and indirect.speaker_accuracy == 0.0
    overall = scores.overall
    assert (overall.matched, overall.speaker_right, overall.fully_right) == (3, 2, 1)
    assert overall.fully_right_share == pytest.approx(1 / 4)
    assert [g.id for g in scores.missed] == ["Q2"]
    assert [q.text for q in scores.spurious] == ["a scare quote"]


def test_speaker_is_right_by_mention_text_or_by_entity():
    g = gold("x y z", speakers=["Kirk H. Sowell", "Sowell"])
    assert evaluation.speaker_is_right(g, predicted("x y z", speaker="Kirk H Sowell"))
    assert evaluation.speaker_is_right(g, predicted("x y z", speaker="he", entity="Sowell"))
    assert evaluation.speaker_is_right(g, predicted("x y z", speaker="Sowell's"))
    assert not evaluation.speaker_is_right(g, predicted("x y z", speaker="Knights"))
    assert not evaluation.speaker_is_right(g, predicted("x y z"))


def test_an_empty_gold_speaker_list_wants_no_speaker():
    scare = gold("harbour families", kind="partial", speakers=[])
    assert evaluation.speaker_is_right(scare, predicted("harbour families", kind="partial"))
    assert not evaluation.speaker_is_right(
        scare, predicted("harbour families", kind="partial", speaker="Many")
    )


def test_a_wrong_cue_spoils_fully_right_only_when_the_gold_gives_one():
    with_cue = gold("we will win", cues=["said"])
    without_cue = gold("we will win")
    quote = predicted("we will win", speaker="Jane Doe", cue="told")
    assert not evaluation.score_quotes([with_cue], [quote]).overall.fully_right
    assert evaluation.score_quotes([without_cue], [quote]).overall.fully_right == 1


def test_combining_documents_adds_counts():
    one = evaluation.score_quotes([gold("a b c")], [predicted("a b c", speaker="Jane Doe")])
    two = evaluation.score_quotes([gold("d e f")], [])
    total = evaluation.combine_quote_scores([one, two])
    assert (total.overall.prf.gold, total.overall.prf.found) == (2, 1)
    assert total.overall.prf.recall == 0.5


def test_tables_and_error_lines_mention_the_figures():
    scores = evaluation.score_quotes(
        [gold("we will win", speakers=["Jane Doe"]), gold("missed one", id="Q9")],
        [predicted("we will win", speaker="John Roe")],
    )
    table = evaluation.quote_table(scores)
    assert "direct" in table and "0/2" in table  # matched once, but with the wrong speaker
    errors = "\n".join(evaluation.quote_errors(scores))
    assert "missed   Q9" in errors and "'John Roe'" in errors


# --- entities -----------------------------------------------------------------------------------


def mention(text, label, entity=None):
    return FoundMention(start=0, end=len(text), label=label, text=text, entity=entity or text)


def test_entity_scores_per_label_with_also_labels_and_possessives():
    golds = [
        GoldEntity("Nouri Al Maliki", "PERSON", ["Nouri Al Maliki", "Mr Al Maliki", "Maliki"]),
        GoldEntity("Inside Iraqi Politics", "ORG", ["Inside Iraqi Politics"], also=["WORK_OF_ART"]),
        GoldEntity("Iraq", "GPE", ["Iraq"]),
    ]
    preds = [
        mention("Nouri Al Maliki", "PERSON"),
        mention("Mr Al Maliki's", "PERSON", "Nouri Al Maliki"),
        mention("Mr Al Maliki", "PERSON", "Nouri Al Maliki"),  # the same form again
        mention("Inside Iraqi Politics", "WORK_OF_ART"),
        mention("Iraq", "ORG"),
        mention("October", "DATE"),  # dates are not scored
    ]
    scores = evaluation.score_entities(golds, preds)
    person = scores.by_label["PERSON"]
    assert (person.correct, person.predicted, person.found, person.gold) == (2, 2, 2, 3)
    assert scores.by_label["ORG"].found == 1 and scores.by_label["ORG"].predicted == 1
    assert scores.by_label["ORG"].correct == 0  # "Iraq" as ORG is wrong
    assert scores.by_label["WORK_OF_ART"].precision == 1.0
    assert scores.by_label["GPE"].recall == 0.0
    assert "DATE" not in scores.by_label
    assert ("PERSON", "maliki") in scores.missed
    assert ("ORG", "Iraq") in scores.spurious


def test_clustering_is_right_when_each_row_has_its_own_single_entity():
    golds = [
        GoldEntity("Nouri Al Maliki", "PERSON", ["Nouri Al Maliki", "Maliki"]),
        GoldEntity("Hamdi Malik", "PERSON", ["Hamdi Malik"]),
        GoldEntity("Michael Knights", "PERSON", ["Michael Knights", "Mr Knights"]),
    ]
    preds = [
        mention("Nouri Al Maliki", "PERSON"),
        mention("Maliki", "PERSON", "Nouri Al Maliki"),
        mention("Hamdi Malik", "PERSON", "Nouri Al Maliki"),  # wrongly merged
        mention("Michael Knights", "PERSON"),
        mention("Mr Knights", "PERSON", "Knights"),  # wrongly split
    ]
    scores = evaluation.score_entities(golds, preds)
    assert (scores.rows_found, scores.rows_clustered) == (3, 0)
    assert sorted(scores.merged) == ["Hamdi Malik", "Nouri Al Maliki"]
    assert scores.split == ["Michael Knights"]

    preds[2] = mention("Hamdi Malik", "PERSON")
    preds[4] = mention("Mr Knights", "PERSON", "Michael Knights")
    assert evaluation.score_entities(golds, preds).clustering_accuracy == 1.0


# --- gold files -------------------------------------------------------------------------------


def write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_gold_reads_both_shapes(tmp_path):
    quotes = write(
        tmp_path / "a.quotes.json",
        {
            "document": "a.txt",
            "quotes": [{"id": "Q1", "kind": "direct", "text": "x", "speaker": "Jane Doe"}],
        },
    )
    entities = write(
        tmp_path / "a.entities.json",
        {"document": "a.txt", "entities": [{"name": "X", "label": "ORG", "forms": ["X"]}]},
    )
    loaded = evaluation.load_gold(quotes)
    assert loaded.quotes[0].speakers == ["Jane Doe"] and loaded.entities is None
    assert evaluation.load_gold(entities).entities[0].labels == {"ORG"}


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"quotes": []}),
        json.dumps({"document": "a.txt"}),
        json.dumps({"document": "a.txt", "quotes": [{"kind": "sarcastic", "text": "x"}]}),
    ],
)
def test_load_gold_refuses_malformed_files(tmp_path, content):
    path = tmp_path / "bad.quotes.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(evaluation.GoldError, match="bad.quotes.json"):
        evaluation.load_gold(path)


# --- the command --------------------------------------------------------------------------------


ARTICLE = (
    "“We will not back down,” said Dele Okafor, the union's organiser. "
    "The company said it had offered a rise.\n"
)


@pytest.fixture
def gold_folder(tmp_path):
    (tmp_path / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    write(
        tmp_path / "strike.quotes.json",
        {
            "document": "strike.txt",
            "quotes": [
                {
                    "id": "Q1",
                    "kind": "direct",
                    "text": "We will not back down",
                    "speaker": ["Dele Okafor", "Okafor"],
                    "speaker_type": "named",
                },
                {
                    "id": "I1",
                    "kind": "indirect",
                    "text": "it had offered a rise",
                    "speaker": ["The company"],
                    "speaker_type": "organisation",
                },
            ],
        },
    )
    write(
        tmp_path / "strike.entities.json",
        {
            "document": "strike.txt",
            "entities": [{"name": "Dele Okafor", "label": "PERSON", "forms": ["Dele Okafor"]}],
        },
    )
    return tmp_path


def test_evaluate_prints_the_tables(gold_folder, capsys):
    call_command("evaluate", str(gold_folder), "--min-direct-f1", "0.9", "--min-fully-right", "90")
    out = capsys.readouterr().out
    assert "Quotes: 1 document(s)" in out and "Entities: 1 document(s)" in out
    assert "2/2 100.0" in out


def test_evaluate_fails_below_a_threshold(gold_folder, capsys):
    (gold_folder / "strike.txt").write_text(
        "The union's organiser spoke. The company said it had offered a rise.\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="direct quote F1 0.0% < 90.0%"):
        call_command("evaluate", str(gold_folder / "strike.quotes.json"), "--min-direct-f1", "0.9")


def test_evaluate_finds_the_article_in_a_sibling_articles_folder(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    write(
        tmp_path / "gold" / "strike.quotes.json",
        {
            "document": "strike.txt",
            "quotes": [
                {"kind": "direct", "text": "We will not back down", "speaker": "Dele Okafor"}
            ],
        },
    )
    call_command("evaluate", str(tmp_path / "gold"))
    assert "1/1 100.0" in capsys.readouterr().out


def test_evaluate_reports_a_missing_article(tmp_path):
    write(tmp_path / "x.quotes.json", {"document": "nowhere.txt", "quotes": []})
    with pytest.raises(CommandError, match="nowhere.txt"):
        call_command("evaluate", str(tmp_path))
