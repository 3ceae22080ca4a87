"""Which pronoun a first name usually goes with, to resolve "he said" / "she said".

The list is gender-guesser's given-name data (international, with the share of each
name's bearers). It is consulted only to choose between antecedents for a pronoun; it is
never stored or shown as anything about a person. Names used for both, or unknown, give
nothing, and the article's own words (an honorific, an earlier "she") come first.
"""

from __future__ import annotations

import functools

_PRONOUN_GROUP = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


@functools.cache
def given_name_detector():
    """The name list, read once per process (get_nlp reads it with the model: a third of a
    second, which would otherwise fall on a worker's first article)."""
    try:
        import gender_guesser.detector as gender_guesser
    except ImportError:  # the list is optional: without it, names tell nothing
        return None
    return gender_guesser.Detector(case_sensitive=False)


def pronoun_group_of(given_name: str) -> str | None:
    """'m' if the name goes with he/him, 'f' with she/her, None when it is not clear."""
    if len(given_name) < 2 or not given_name[0].isupper() or not given_name.isalpha():
        return None
    detector = given_name_detector()
    if detector is None:
        return None
    return _PRONOUN_GROUP.get(detector.get_gender(given_name))
