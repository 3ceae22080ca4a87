"""Who is speaking: from a cue verb to the speaker mention, its type and its entity.

Everything here reads the dependency parse of the Doc the caller already has: the subject
of the cue verb (climbing from "saying"/"adding" to the verb that has one), the agent of a
passive ("was described by X"), the object of "according to". The subject's noun phrase is
trimmed to the speaker: appositions and relative clauses go ("Michael Knights, an analyst at
Y," → "Michael Knights"), titles before a name go when the entity tagger found the name.
Pronouns are resolved later, once the quotes before them are known (see pronouns.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from apps.nlp.quotes.lexicon import (
    ANONYMOUS_NOUNS,
    COLLECTIVE_NOUNS,
    CONTINUING_CUES,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    ORGANISATION_NOUNS,
    PERSONAL_PRONOUNS,
    QUOTED_PASSIVES,
    RELATIVE_PRONOUNS,
    SPEECH_CUES,
)
from apps.nlp.quotes.mentions import MentionIndex
from apps.nlp.types import DOCUMENT_LABELS, ORGANISATION_LABELS, FoundMention, SpeakerType

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Cues whose object is the one spoken to.
LISTENER_CUES = frozenset({"tell", "inform", "assure", "reassure", "brief", "ask", "remind"})
# Verbs whose subject a participle or coordinated verb shares: "..., saying", "and added".
SHARED_SUBJECT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl"})
# Parts of a subject phrase that describe the speaker rather than name them.
DESCRIPTIVE_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "punct", "parataxis"})


@dataclass(slots=True)
class Speaker:
    start: int
    end: int
    kind: SpeakerType
    entity: str | None = None
    # Lower-case pronoun still to be resolved ("he", "they"), else None.
    pronoun: str | None = None
    # False when the type is only a guess from the shape of the phrase (a plural noun, a
    # capitalised word the entity tagger did not know).
    certain: bool = True


def subject_of(cue: Token, quoted: Callable[[int], bool] | None = None) -> tuple[Token | None, str]:
    """The head of the speaker phrase of `cue` and how it was found. Words in quotation
    marks (`quoted` tells by offset) are never the speaker: the parser sometimes takes a
    word of a quote for the subject of the verb after it ("“… and all that,” Day said")."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.dep_ == "pobj":
                return child, "according to"
            if child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, "according to"
        return None, ""
    verb = cue
    how = "subject"
    for _ in range(5):
        if (
            how == "shared subject"
            and cue.lemma_.lower() in CONTINUING_CUES
            and verb.dep_ == "ccomp"
            and verb.head.lemma_.lower() in SPEECH_CUES
        ):
            # "admitted the team had played badly and added …": the parse hung "added" on
            # what was admitted; the one who goes on is the one who admitted it.
            verb = verb.head
            continue
        if how == "shared subject" and _reported_clause(verb):
            # "X described how the attack unfolded, stating …": the participle goes with the
            # reporting verb, not with the clause it reports.
            ancestor = verb.head
            while ancestor.pos_ not in ("VERB", "AUX") and ancestor.head.i != ancestor.i:
                ancestor = ancestor.head
            if ancestor.pos_ in ("VERB", "AUX") and ancestor.lemma_ in SPEECH_CUES:
                verb = ancestor
                continue
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                # The parse hung "how the attack unfolded" on the one who described it.
                return verb.head, how
        subjects = [
            c for c in verb.children if c.dep_ in SUBJECT_DEPS and not (quoted and quoted(c.idx))
        ]
        if subjects:
            return subjects[0], how
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0], "agent"
        passives = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passives:
            # "He was quoted as saying": the quoted one speaks. "He was told": he listens.
            return (passives[0], "subject") if verb.lemma_ in QUOTED_PASSIVES else (None, "")
        if (
            verb.tag_ == "VBN"
            and verb.dep_ in ("advcl", "acl")
            and not any(c.dep_ == "aux" for c in verb.children)
        ):
            return None, ""  # "Asked whether he would resign, …": he was asked
        if (
            verb.dep_ == "pcomp"
            and verb.head.lower_ == "as"
            and verb.head.head.lemma_.lower() in QUOTED_PASSIVES
        ):
            verb = verb.head.head  # "He was quoted as saying …": he speaks
            how = "shared subject"
            continue
        if verb.dep_ in SHARED_SUBJECT_DEPS and verb.head.i != verb.i:
            verb = verb.head
            how = "shared subject"
            if verb.pos_ == "NOUN" and verb.lemma_.lower() in DOCUMENT_NOUNS:
                return _document_source(verb), "document"
            continue
        break
    return None, ""


def _document_source(document: Token) -> Token:
    """Who speaks in "a statement saying …": the one who issued the statement ("the
    spokesman issued a statement saying …"), or else the statement itself."""
    verb = document.head
    if document.dep_ == "dobj" and verb.pos_ == "VERB":
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
    return document


def name_before(doc: Doc, cue: Token, mentions: MentionIndex) -> Token | None:
    """A name right before the cue that the parser did not make its subject ("Ringside-News
    wrote …"): a mention of a person or organisation, or a proper noun, in the cue's
    paragraph, with at most an adverb between."""
    i = cue.i - 1
    while i >= 0 and doc[i].pos_ == "ADV" and cue.i - i <= 2:
        i -= 1
    if i < 0 or "\n" in doc[i : cue.i + 1].text:
        return None
    token = doc[i]
    if token.ent_type_ in ("DATE", "TIME"):
        return None
    if token.dep_ in ("pobj", "dobj", "dative") and "\n" not in doc[token.head.i : cue.i].text:
        return None  # "confirmed to the Post, saying": the outlet listens
    mention = mentions.covering(token.idx, token.idx + len(token))
    if mention is not None and mention.label in ("PERSON", "ORG", "NORP", "GPE"):
        return token
    return token if token.pos_ == "PROPN" else None


def name_after(doc: Doc, cue: Token, mentions: MentionIndex) -> Token | None:
    """Inverted attribution the parser missed ("said Jane Doe, …", "replied the spokeswoman"):
    the name or noun phrase right after the cue. After "told", "assured"… the name is the
    listener ("told the BBC"), and a day or a time ("said Monday") never speaks."""
    if cue.lemma_.lower() in LISTENER_CUES:
        return None
    for token in doc[cue.i + 1 : min(len(doc), cue.i + 5)]:
        if token.is_punct or token.ent_type_ in ("DATE", "TIME"):
            return None
        mention = mentions.covering(token.idx, token.idx + len(token))
        if mention is not None and mention.label in ("PERSON", "ORG"):
            # The mention's syntactic head: its last token, for English names.
            last = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            return last[-1] if last is not None else token
        if token.pos_ in ("NOUN", "PROPN"):
            while token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN"):
                token = token.head
            return token
        if token.pos_ not in ("DET", "ADJ", "NUM", "PART"):
            return None
    return None


def describe(head: Token, mentions: MentionIndex) -> Speaker:
    """The speaker named by the phrase headed by `head`."""
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        head = head.head.head  # "Bush, who described him": the speaker is Bush
    lower = head.lower_
    if head.pos_ == "PRON" and lower in PERSONAL_PRONOUNS:
        return Speaker(head.idx, head.idx + len(head), SpeakerType.PRONOUN, pronoun=lower)

    # "a spokesman, John Smith," names the spokesman; "the operator, Aldwych Maritime," the
    # organisation.
    if mentions.covering(head.idx, head.idx + len(head)) is None:
        for child in head.children:
            if child.dep_ == "appos":
                named = mentions.covering(child.idx, child.idx + len(child))
                if named is None:
                    continue
                label, entity = mentions.speaker_label(named)
                if label == "PERSON":
                    return Speaker(named.start, named.end, SpeakerType.NAMED, entity)
                if label in ORGANISATION_LABELS:
                    return Speaker(named.start, named.end, SpeakerType.ORGANISATION, entity)

    # "one of them said": one of the sources just mentioned.
    if lower == "one" and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PRON" for g in c.children)
        for c in head.children
    ):
        start, end = _core_extent(head)
        return Speaker(start, end, SpeakerType.ANONYMOUS)

    start, end = _core_extent(head)
    mention = mentions.covering(head.idx, head.idx + len(head))
    if mention is None:
        mention = _compound_mention(head, mentions)
    # "Brenner & Holt" is one name, not two speakers.
    conjuncts = [
        c
        for c in head.children
        if c.dep_ == "conj" and (mention is None or not mention.start <= c.idx < mention.end)
    ]

    if conjuncts:
        inside = mentions.within(start, end)
        people = [m for m in inside if m.label == "PERSON"]
        entity = mention or (people[0] if people else None) or (inside[0] if inside else None)
        return Speaker(start, end, SpeakerType.GROUP, entity.entity if entity else None)
    if mention is not None:
        label, entity = mentions.speaker_label(mention)
        if label == "PERSON":
            return Speaker(mention.start, mention.end, SpeakerType.NAMED, entity)
        if label in ORGANISATION_LABELS:
            return Speaker(mention.start, mention.end, SpeakerType.ORGANISATION, entity)
        if mention.label == "NORP":
            return Speaker(mention.start, mention.end, SpeakerType.GROUP, mention.entity)
        if mention.label in DOCUMENT_LABELS:
            return Speaker(mention.start, mention.end, SpeakerType.DOCUMENT, mention.entity)

    lemma = head.lemma_.lower()
    if lemma in DOCUMENT_NOUNS:
        # "analysis by the Washington Institute": the author behind the document speaks.
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                for author in child.children:
                    if author.dep_ == "pobj":
                        speaker = describe(author, mentions)
                        if speaker.kind in (
                            SpeakerType.NAMED,
                            SpeakerType.ORGANISATION,
                            SpeakerType.GROUP,
                        ):
                            return speaker
        start, end = _core_extent(head, document=True)
        return Speaker(start, end, SpeakerType.DOCUMENT)
    if lemma in ANONYMOUS_NOUNS or lower in ANONYMOUS_NOUNS:
        return Speaker(start, end, SpeakerType.ANONYMOUS)
    if lemma in ORGANISATION_NOUNS:
        # "Shareholder groups" are several organisations; "the authorities" act as one.
        plural = head.tag_ in ("NNS", "NNPS") and lemma not in COLLECTIVE_NOUNS
        return Speaker(start, end, SpeakerType.GROUP if plural else SpeakerType.ORGANISATION)
    if lemma in GROUP_NOUNS and head.tag_ == "NN":
        return Speaker(start, end, SpeakerType.ANONYMOUS)  # "one resident", "a local analyst"
    if lemma in GROUP_NOUNS or lower in GROUP_PRONOUNS:
        return Speaker(start, end, SpeakerType.GROUP)
    if lower == "those" and any(
        c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in head.children
    ):
        return Speaker(start, end, SpeakerType.GROUP)  # "those who knew him"
    if head.tag_ in ("NNS", "NNPS"):
        return Speaker(start, end, SpeakerType.GROUP, certain=False)
    # (the small model tags a lower-case "minister" after a quote as a proper noun at times)
    common = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.text.islower())
    if (
        common
        and head.tag_ in ("NN", "NNP")
        and any(c.dep_ in ("det", "poss") and c.lower_ != "a" for c in head.children)
    ):
        # "the minister said" after "the transport minister, Helen Brandt"
        person = mentions.person_with_role(lemma, head.idx)
        if person is not None:
            return Speaker(start, end, SpeakerType.NAMED, person)
    if head.pos_ == "PROPN":
        # A surname the entity tagger missed may still belong to a person it found.
        entity = mentions.person_named(head.text)
        return Speaker(start, end, SpeakerType.NAMED, entity, certain=entity is not None)
    return Speaker(start, end, SpeakerType.UNKNOWN, certain=False)


_CLAUSE_WORDS = frozenset({"how", "that", "what", "why", "whether", "when", "where", "if"})


def _reported_clause(verb: Token) -> bool:
    """A clause opened by "how", "that", "what"… under another verb: what is described."""
    return verb.dep_ in ("ccomp", "relcl", "acl", "advcl") and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in _CLAUSE_WORDS for c in verb.children
    )


def _compound_mention(head: Token, mentions: MentionIndex) -> FoundMention | None:
    for child in head.children:
        if child.dep_ == "compound":
            mention = mentions.covering(child.idx, child.idx + len(child))
            if mention is not None and mention.label == "PERSON":
                return mention
    return None


def _core_extent(head: Token, *, document: bool = False) -> tuple[int, int]:
    """Character extent of the subject phrase without its descriptive parts. A document keeps
    what identifies it ("a statement released by the minister's office"), and a pronoun or a
    noun the relative clause that says who is meant ("those who knew him"; but "Bush, who
    described him" is Bush, and "officials who spoke on condition of anonymity" officials)."""
    keep = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            descriptive = child.dep_ in DESCRIPTIVE_DEPS and (
                child.dep_ not in ("appos", "relcl") or _set_off(child)
            )
            if child.dep_ == "relcl" and not _says_who(token, child, head):
                descriptive = True
            if descriptive and not (document and child.dep_ == "acl"):
                continue
            keep.append(child)
            stack.append(child)
    keep.sort(key=lambda t: t.i)
    while len(keep) > 1 and (keep[-1].is_punct or keep[-1].dep_ == "cc"):
        keep.pop()
    while len(keep) > 1 and (keep[0].is_punct or keep[0].dep_ == "cc"):
        keep.pop(0)
    return keep[0].idx, keep[-1].idx + len(keep[-1])


# "who asked not to be named", "who declined to be identified": about the speaking, not
# about who speaks.
_ANONYMITY_VERBS = frozenset({"ask", "decline", "request", "refuse", "want", "wish", "agree"})


_WHO = frozenset({"who", "whom", "whose", "that"})


def _says_who(noun: Token, relcl: Token, head: Token) -> bool:
    """Whether a relative clause right after the speaker's noun or pronoun, opened by "who"
    or "that", says who is meant ("people who live near the plant"), rather than a name
    described or the act of speaking ("officials who spoke on condition of anonymity")."""
    opener = relcl.left_edge
    lemma = relcl.lemma_.lower()
    return (
        head.pos_ != "PROPN"
        and opener.lower_ in _WHO
        and opener.i == noun.i + 1
        and lemma not in SPEECH_CUES
        and lemma not in _ANONYMITY_VERBS
        and lemma != "speak"
    )


def _set_off(appos: Token) -> bool:
    """An apposition between commas, dashes or brackets describes ("Jane Doe, an analyst");
    one without ("his colleague Hamdi Malik") names."""
    first = appos.left_edge.i
    return first > 0 and appos.doc[first - 1].text in (",", "—", "–", "(", "-")
