"""Scoring the pre-tagger against gold files; pure functions, no Django.

Gold files come in two shapes, both JSON with a `document` (the article's file name) and an
`about` text:

- `*.quotes.json`: `quotes`, each with `id`, `kind` (direct, partial, indirect), `text` (the
  quote without its quotation marks), `speaker` (every acceptable surface form of the
  speaker; an empty list means the quote has no speaker, as scare quotes have),
  `speaker_type`, and optionally `cue` (acceptable cue words).
- `*.entities.json`: `entities`, one row per real-world thing with `name`, `label`,
  optional `also` (other acceptable labels) and `forms` (every surface form in the article).

How quotes are matched
----------------------
Quote texts are compared after normalising: quotation marks and apostrophes removed, runs of
whitespace made one space, case folded, punctuation at either end dropped. A predicted quote
matches a gold quote when the normalised texts are equal, or when their word tokens overlap
enough: the shared tokens (counted as multisets) must make up at least `min_overlap` (0.8 by
default) of the tokens of the *longer* of the two. So a prediction may miss or add about one
word in five, but a quote that swallows its neighbour, or covers half of the gold quote, does
not match. Pairs are matched one to one, best overlap first, regardless of kind.

Per kind, a true positive is a matched pair whose predicted kind is the gold kind: precision
is over the predictions of that kind, recall over the gold quotes of that kind. The "all" row
ignores kind. Speaker accuracy is over matched pairs: the predicted speaker mention's text or
its entity is one of the gold forms (case, full stops and a possessive 's aside). A quote is
fully right when it is matched with the right kind, the right speaker and, where the gold
gives a cue, the right cue; the share is over all gold quotes.

How entities are scored
-----------------------
As the gold `about` says: a gold (row, form) counts as found when a predicted mention has
that surface form (possessive 's aside) and the row's label or one of its `also` labels.
Dates, times, numbers and money are left out on both sides. Gold lists forms, not
occurrences, so predictions are counted once per distinct (form, label): one is correct when
some gold row with that label (or `also` label) lists the form. Per label, precision is over
the predictions with that label and recall over the forms of rows with that label.
Clustering is right for a row when all its found forms share one predicted canonical entity
and no other row's found forms share that entity.
"""

from apps.nlp.evaluation.entities import (
    UNSCORED_LABELS,
    EntityScores,
    combine_entity_scores,
    score_entities,
)
from apps.nlp.evaluation.gold import (
    DEFAULT_MIN_OVERLAP,
    GoldEntity,
    GoldError,
    GoldFile,
    GoldQuote,
    load_gold,
    normalise_name,
    normalise_quote_text,
    quote_tokens,
    token_overlap,
)
from apps.nlp.evaluation.measures import PRF
from apps.nlp.evaluation.quotes import (
    KindScores,
    QuoteMatch,
    QuoteScores,
    combine_quote_scores,
    cue_is_right,
    empty_quote_scores,
    match_quotes,
    score_quotes,
    speaker_is_right,
)
from apps.nlp.evaluation.tables import entity_table, quote_errors, quote_table

__all__ = [
    "DEFAULT_MIN_OVERLAP",
    "PRF",
    "UNSCORED_LABELS",
    "EntityScores",
    "GoldEntity",
    "GoldError",
    "GoldFile",
    "GoldQuote",
    "KindScores",
    "QuoteMatch",
    "QuoteScores",
    "combine_entity_scores",
    "combine_quote_scores",
    "cue_is_right",
    "empty_quote_scores",
    "entity_table",
    "load_gold",
    "match_quotes",
    "normalise_name",
    "normalise_quote_text",
    "quote_errors",
    "quote_table",
    "quote_tokens",
    "score_entities",
    "score_quotes",
    "speaker_is_right",
    "token_overlap",
]
