"""The article's entity mentions as the quote rules read them: by offset, with what the
article itself says about who is a person, a company, a role, and which pronoun fits whom."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from apps.nlp.quotes.given_names import pronoun_group_of
from apps.nlp.quotes.lexicon import FEMININE_HONORIFICS, MASCULINE_HONORIFICS, ORGANISATION_NOUNS
from apps.nlp.types import FoundMention

HONORIFICS = MASCULINE_HONORIFICS | FEMININE_HONORIFICS | {"dr", "prof", "rev", "councillor"}


class MentionIndex:
    """Entity mentions by offset, and what the article says about each entity's gender."""

    def __init__(self, mentions: list[FoundMention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.gender: dict[str, str] = {}
        self.roles: dict[str, list[tuple[int, str]]] = {}
        # Entities the tagger labelled otherwise whose full name opens with a given name
        # ("Ines Moreau" as ORG): people, for speakers and pronouns.
        self.people = {
            m.entity
            for m in self.mentions
            if m.label == "PERSON" or (m.label == "ORG" and _reads_as_person_name(m.text))
        }
        # Last word of each person's names → the entity, when only one person has it.
        surnames: dict[str, set[str]] = {}
        for mention in self.mentions:
            if mention.entity in self.people and mention.label in ("PERSON", "ORG"):
                surnames.setdefault(mention.text.split()[-1].casefold(), set()).add(mention.entity)
        self.surnames = {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1}
        # First word of multi-word organisation names → the organisation.
        self.organisations: dict[str, str] = {}
        for mention in self.mentions:
            words = mention.text.split()
            if mention.label == "ORG" and len(words) > 1:
                self.organisations.setdefault(words[0].casefold(), mention.entity)
        for mention in self.mentions:
            first = mention.text.split(" ", 1)[0].rstrip(".").lower()
            if first in MASCULINE_HONORIFICS:
                self.gender.setdefault(mention.entity, "m")
            elif first in FEMININE_HONORIFICS:
                self.gender.setdefault(mention.entity, "f")
        # Failing the article's own words, the first name: "Grace Whitfield" goes with "she".
        for mention in self.mentions:
            words = mention.text.split()
            if (
                mention.entity in self.people
                and len(words) > 1
                and mention.entity not in self.gender
            ):
                group = pronoun_group_of(words[0])
                if group is not None:
                    self.gender[mention.entity] = group

    def learn_roles(self, doc: Doc) -> None:
        """Which person each role noun stands for: "the transport minister, Helen Brandt" and
        "Prime Minister Helen Brandt" teach that a later "the minister" is Helen Brandt."""
        roles: dict[str, list[tuple[int, str]]] = {}
        for mention in self.mentions:
            if mention.label != "PERSON":
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            nouns = [t for t in head.children if t.dep_ in ("compound", "amod", "appos")]
            if head.dep_ == "appos":
                nouns.append(head.head)
            for noun in nouns:
                if noun.pos_ == "NOUN" or (noun.pos_ == "PROPN" and noun.i < span.start):
                    roles.setdefault(noun.lemma_.lower(), []).append(
                        (mention.start, mention.entity)
                    )
        self.roles = roles

    def person_with_role(self, role: str, before: int) -> str | None:
        """The person last introduced with `role` before offset `before`."""
        holders = [entity for start, entity in self.roles.get(role, ()) if start < before]
        return holders[-1] if holders else None

    def speaker_label(self, mention: FoundMention) -> tuple[str, str]:
        """The mention's label and entity, corrected where the article itself disagrees with
        the tagger: "Lord Avery" is a person whatever the label; a lone "Costa" after "Rafael
        Costa" is that person; a lone "Corvane" after "Corvane Foods" is that company."""
        words = mention.text.split()
        if words[0].rstrip(".").lower() in HONORIFICS:
            return "PERSON", mention.entity
        if (mention.label != "PERSON" and mention.entity in self.people) or (
            # Places do not speak: "said Helen Park" is a person the tagger took for a park.
            mention.label in ("GPE", "FAC", "LOC") and _reads_as_person_name(mention.text)
        ):
            return "PERSON", mention.entity
        if len(words) == 1 and mention.label != "PERSON":
            person = self.person_named(words[0])
            if person is not None:
                return "PERSON", person
        if len(words) == 1 and mention.label == "PERSON":
            company = self.organisation_starting(words[0])
            if company is not None and self.person_named(words[0]) == mention.entity:
                return "ORG", company
        return mention.label, mention.entity

    def organisation_starting(self, word: str) -> str | None:
        return self.organisations.get(word.casefold())

    def person_named(self, surname: str) -> str | None:
        """The one person of the article whose name ends with `surname`, if there is one."""
        return self.surnames.get(surname.casefold())

    def covering(self, start: int, end: int) -> FoundMention | None:
        """The mention that contains the range [start, end), if any."""
        index = bisect.bisect_right(self.starts, start) - 1
        # Mentions do not nest, but look back a little in case they touch.
        for mention in self.mentions[max(0, index - 2) : index + 1][::-1]:
            if mention.start <= start and end <= mention.end:
                return mention
        return None

    def within(self, start: int, end: int) -> list[FoundMention]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]


def _reads_as_person_name(text: str) -> bool:
    """Two or three capitalised words that open with a clear given name and do not end
    with a word organisations are named with."""
    words = text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    if words[-1].lower().rstrip(".") in ORGANISATION_NOUNS | _COMPANY_SUFFIXES:
        return False
    return pronoun_group_of(words[0]) is not None


_COMPANY_SUFFIXES = frozenset(
    {"inc", "ltd", "llc", "plc", "corp", "co", "group", "holdings", "motors", "motor", "sons"}
)
