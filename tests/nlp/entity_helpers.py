"""Looking into the entity mentions the rules found, for the tests' assertions."""

from apps.nlp.entities import extract_mentions


def mentions_of(nlp, text):
    """The mentions of `text` with OntoNotes spans (titles outside a person's name)."""
    return extract_mentions(nlp(text), titles_in_span=False)


def labels_of(nlp, text):
    return {m.text: m.label for m in mentions_of(nlp, text)}
