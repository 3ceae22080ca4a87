"""Grouping mentions under one canonical name per real-world thing within an article.

Mentions with the same words form a group; short forms then join the full name they
shorten, found through indexes (by surname, given name and initials), so the cost grows
with the number of mentions, not its square:

- a surname or a shorter form of a person's full name ("Maliki", "Al Maliki") joins that
  person; when several people share it, the one the article mentioned last, and never a
  person of the other sex when a title says which ("Mr Smith" does not join "Ms Jane
  Smith");
- a lone given name joins the one person with that given name;
- an acronym joins the organisation whose initials it is; "the Institute"-like forms
  after "the" join only a group that is not a person ("the Knights" is not Mr Knights);
- dates, times and amounts are never grouped: each is its own entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from apps.nlp.entities.candidates import ACRONYM, Candidate, initials_of
from apps.nlp.entities.words import (
    FEMININE_HONORIFICS,
    GENERATIONS,
    HONORIFICS,
    MASCULINE_HONORIFICS,
    NAME_LABELS,
    NAME_PARTICLES,
    UNGROUPED_LABELS,
)
from apps.nlp.types import FoundMention

_NAME_KINDS = ("name", "the")
# Words that extend an organisation's name without changing what it names.
ORG_SUFFIXES = frozenset(
    {"news", "studios", "online", "group", "inc", "corporation", "corp", "company", "co",
     "ltd", "plc", "llc", "media", "international", "worldwide", "holdings"}
)  # fmt: skip


@dataclass(slots=True)
class _Group:
    key: tuple[str, ...]
    name: str
    first: int
    votes: Counter = field(default_factory=Counter)
    gender: str = ""
    last_seen: int = -1

    @property
    def label(self) -> str:
        return self.votes.most_common(1)[0][0]


class _Forest:
    """Union-find over group ids; the group with the longer key names the union."""

    def __init__(self, groups: list[_Group]) -> None:
        self.groups = groups
        self.parent = list(range(len(groups)))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> int:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        group_a, group_b = self.groups[root_a], self.groups[root_b]
        if (len(group_b.key), -group_b.first) > (len(group_a.key), -group_a.first):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        winner, loser = self.groups[root_a], self.groups[root_b]
        winner.votes.update(loser.votes)
        winner.gender = winner.gender or loser.gender
        winner.last_seen = max(winner.last_seen, loser.last_seen)
        return root_a


def _gender(candidate: Candidate) -> str:
    for title in candidate.titles:
        if title in MASCULINE_HONORIFICS:
            return "m"
        if title in FEMININE_HONORIFICS:
            return "f"
    return ""


def _vote(group: _Group, candidate: Candidate) -> None:
    if not candidate.votes:
        group.votes[candidate.label] += 0  # the group has a label even if it is all echoes
        return
    group.votes[candidate.label] += 1
    if candidate.hint:
        group.votes[candidate.hint] += 3
    if candidate.honorific:
        group.votes["PERSON"] += 3
    elif candidate.titles:
        group.votes["PERSON"] += 2


def group_mentions(
    text: str, candidates: list[Candidate], *, titles_in_span: bool = False
) -> list[FoundMention]:
    """The candidates as mentions, each named after its in-article entity."""
    plain, titled = group_mention_forms(text, candidates)
    return titled if titles_in_span else plain


def group_mention_forms(
    text: str, candidates: list[Candidate]
) -> tuple[list[FoundMention], list[FoundMention]]:
    """The mentions with OntoNotes spans, and the same with titles in their span."""
    candidates = sorted(candidates, key=lambda c: (c.start, c.end))
    groups: list[_Group] = []
    by_key: dict[tuple[str, ...], int] = {}
    member_of: list[int] = []
    for candidate in candidates:
        key = _group_key(candidate)
        if key not in by_key:
            by_key[key] = len(groups)
            groups.append(_Group(key, _surface(text, candidate), candidate.start))
        member_of.append(by_key[key])
        group = groups[by_key[key]]
        _vote(group, candidate)
        group.gender = group.gender or _gender(candidate)
    forest = _Forest(groups)

    anchors = {
        index
        for index, group in enumerate(groups)
        if group.key[0] == "name" and len(group.key) > 2 and group.label == "PERSON"
    }
    _join_shorter_anchors(forest, anchors)
    by_suffix, by_given = _person_indexes(forest, anchors)
    for position, candidate in enumerate(candidates):
        own = member_of[position]
        group = groups[own]
        if group.key[0] != "name":
            continue
        if own in anchors:
            root = forest.groups[forest.find(own)]
            root.last_seen = candidate.start
            continue
        person = _person_for(forest, candidate, group, by_suffix, by_given)
        if person is not None:
            member_of[position] = person
            root = forest.groups[person]
            # The article has settled who this is: the form votes for a person whatever
            # the model took it for ("Khashoggi" tagged as a place).
            root.votes["PERSON"] += 1
            root.gender = root.gender or _gender(candidate)
            root.last_seen = candidate.start
    _join_organisation_forms(forest, groups)
    _join_plurals(forest, groups)
    group_at = {c.start: member_of[n] for n, c in enumerate(candidates)}
    for position, candidate in enumerate(candidates):
        long_form = group_at.get(candidate.alias_of)
        if long_form is not None and forest.groups[forest.find(long_form)].label != "PERSON":
            forest.union(long_form, member_of[position])

    plain: list[FoundMention] = []
    titled: list[FoundMention] = []
    seen: Counter = Counter()
    for position, candidate in enumerate(candidates):
        surface = text[candidate.start : candidate.end]
        label = candidate.label
        if label in UNGROUPED_LABELS:
            seen[surface] += 1
            name = surface if seen[surface] == 1 else f"{surface} ({seen[surface]})"
        else:
            root = forest.groups[forest.find(member_of[position])]
            name = root.name
            if label in NAME_LABELS:
                label = root.label
        mention = FoundMention(candidate.start, candidate.end, label, surface, name)
        plain.append(mention)
        if 0 <= candidate.titled_start < candidate.start:
            start = candidate.titled_start
            surface = text[start : candidate.end]
            mention = FoundMention(start, candidate.end, label, surface, name)
        titled.append(mention)
    return plain, titled


def _group_key(candidate: Candidate) -> tuple[str, ...]:
    # Name-like mentions share groups across labels (the small model mixes them up);
    # others keep their label in the key, so a DATE "May" never joins a PERSON "May".
    if candidate.label not in NAME_LABELS:
        return (candidate.label, *candidate.key)
    # "the Knights" is not Mr Knights: after "the", a name joins only a non-person group.
    return ("the" if candidate.after_determiner else "name", *candidate.key)


def _surface(text: str, candidate: Candidate) -> str:
    return text[candidate.start : candidate.end]


def _join_shorter_anchors(forest: _Forest, anchors: set[int]) -> None:
    """ "Al Sadr" joins "Moqtada Al Sadr" when no other person's name ends with it."""
    by_suffix: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for index in anchors:
        words = forest.groups[index].key[1:]
        for cut in range(1, len(words) - 1):
            by_suffix[words[cut:]].add(index)
    for index in anchors:
        longer = by_suffix.get(forest.groups[index].key[1:], set())
        if len(longer) == 1:
            forest.union(next(iter(longer)), index)


def _person_indexes(
    forest: _Forest, anchors: set[int]
) -> tuple[dict[tuple[str, ...], list[int]], dict[str, list[int]]]:
    # Dicts as ordered sets: people in the order the article introduces them.
    by_suffix: dict[tuple[str, ...], dict[int, None]] = defaultdict(dict)
    by_given: dict[str, dict[int, None]] = defaultdict(dict)
    for index in sorted(anchors, key=lambda i: forest.groups[i].first):
        root = forest.find(index)
        words = forest.groups[index].key[1:]
        while len(words) > 2 and words[-1] in GENERATIONS:
            words = words[:-1]
        for cut in range(1, len(words)):
            suffix = words[cut:]
            if suffix[0] in NAME_PARTICLES and len(suffix) == 1:
                continue
            by_suffix[suffix][root] = None
        if words[0] not in HONORIFICS:
            by_given[words[0]][root] = None
    return {k: list(v) for k, v in by_suffix.items()}, {k: list(v) for k, v in by_given.items()}


def _person_for(
    forest: _Forest,
    candidate: Candidate,
    group: _Group,
    by_suffix: dict[tuple[str, ...], list[int]],
    by_given: dict[str, list[int]],
) -> int | None:
    """The person a short name form stands for, if the article makes it clear."""
    words = group.key[1:]
    if candidate.label != "PERSON" and not candidate.honorific and len(words) > 1:
        return None
    if candidate.hint and candidate.hint != "PERSON":
        return None
    gender = _gender(candidate)
    people = [
        root
        for root in by_suffix.get(words, ())
        if not gender or forest.groups[root].gender in ("", gender)
    ]
    if not people and len(words) == 1 and not candidate.titles and candidate.label == "PERSON":
        given = by_given.get(words[0], [])
        people = given if len(given) == 1 else []
    if not people:
        return None
    people = [forest.find(root) for root in people]
    earlier = [root for root in people if 0 <= forest.groups[root].last_seen < candidate.start]
    if earlier:
        return max(earlier, key=lambda root: forest.groups[root].last_seen)
    return min(people, key=lambda root: forest.groups[root].first)


def _join_organisation_forms(forest: _Forest, groups: list[_Group]) -> None:
    """Acronyms join the long form they abbreviate ("PMF" → "Popular Mobilisation
    Forces"), a name after "the" joins the same name's group unless that is a person, and
    a name the model took for a person joins the one organisation or place it ends."""
    by_initials: dict[str, list[int]] = defaultdict(list)
    by_suffix: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_stem: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_compact: dict[str, int] = {}
    index_of = {group.key: index for index, group in enumerate(groups)}
    for index, group in enumerate(groups):
        if group.key[0] not in _NAME_KINDS or len(group.key) < 3:
            continue
        if forest.groups[forest.find(index)].label == "PERSON":
            continue
        for initials in initials_of(group.name):
            by_initials[initials].append(index)
        words = group.key[1:]
        for cut in range(1, len(words)):
            by_suffix[words[cut:]].append(index)
        if words[-1] in ORG_SUFFIXES:
            by_stem[words[:-1]].append(index)
    for index, group in enumerate(groups):
        if group.key[0] not in _NAME_KINDS:
            continue
        root = forest.groups[forest.find(index)]
        # "BBC" is "BBC News", "Marvel" is "Marvel Studios" when only one name so extends it.
        longs = {forest.find(i) for i in by_stem.get(group.key[1:], ())}
        if len(longs) == 1 and root.label not in ("PERSON", "GPE", "NORP"):
            forest.union(next(iter(longs)), index)
            continue
        acronym = group.name.replace(".", "")
        if len(group.key) == 2 and ACRONYM.fullmatch(acronym):
            longs = {forest.find(i) for i in by_initials.get(acronym, ())}
            if len(longs) == 1:
                forest.union(next(iter(longs)), index)
                continue
        if group.key[0] == "the":
            other = index_of.get(("name", *group.key[1:]))
            if other is not None and forest.groups[forest.find(other)].label != "PERSON":
                forest.union(other, index)
            continue
        if forest.find(index) != index:
            continue
        longs = {forest.find(i) for i in by_suffix.get(group.key[1:], ())}
        long_label = groups[next(iter(longs))].label if len(longs) == 1 else ""
        if root.label == "PERSON":
            if long_label in ("ORG", "GPE", "NORP"):
                forest.union(next(iter(longs)), index)
            continue
        if len(group.key) > 2 and root.label == "ORG" == long_label:
            # "Search and Rescue Agency" is the "National Search and Rescue Agency".
            forest.union(next(iter(longs)), index)
            continue
        # "MarineTraffic" is "Marine Traffic".
        compact = "".join(group.key[1:])
        other = by_compact.setdefault(compact, index)
        if other != index and root.label != "PERSON":
            forest.union(other, index)


def _join_plurals(forest: _Forest, groups: list[_Group]) -> None:
    """A name in the plural joins the same name in the singular: "Catholics", "Catholic";
    "World Cups", "World Cup". People are left alone ("Jones" is not "Jone"), and so are a
    country and its adjective ("Philippines", "Philippine")."""
    # By words alone: the model may label the singular an event and the plural an
    # organisation.
    by_words: dict[tuple[str, ...], int] = {}
    for index, group in enumerate(groups):
        by_words.setdefault(group.key[1:], index)
    for index, group in enumerate(groups):
        last = group.key[-1]
        if len(group.key) < 2 or len(last) < 4 or not last.endswith("s") or last.endswith("ss"):
            continue
        other = by_words.get((*group.key[1:-1], last[:-1]))
        if other is None:
            continue
        labels = {forest.groups[forest.find(other)].label, group.label}
        # "Philippines" is a country and "Philippine" its people's adjective.
        if "PERSON" not in labels and not ({"GPE", "NORP"} <= labels):
            forest.union(other, index)
