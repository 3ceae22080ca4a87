"""Word lists the quote extractor reasons with, all by lemma (lower case).

They are deliberately general: reporting verbs and source nouns as news copy uses them,
not words picked from any one article.
"""

from __future__ import annotations

from apps.nlp.types import PERSONAL_PRONOUNS  # noqa: F401 - the quote rules read it here


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce what someone said or wrote, in quotation marks or as reported speech.
SPEECH_CUES = _words(
    """
    say tell add state declare announce write post tweet reply respond answer ask
    explain note observe remark comment mention recall recount describe report
    warn caution argue claim contend insist maintain assert allege acknowledge admit
    concede confess confide confirm deny dispute reject stress emphasise emphasize
    underline highlight reiterate repeat predict forecast estimate suggest propose
    urge plead demand promise pledge vow threaten boast complain lament protest
    object counter retort quip joke muse wonder speculate testify disclose reveal
    conclude point agree disagree accuse charge criticise criticize praise
    concur caution advise recommend inform assure reassure whisper shout yell scream
    cry exclaim murmur mutter sigh laugh snap rage fume gush enthuse
    sum summarise summarize continue begin speak share remind reaffirm clarify
    """
)

# Verbs that attribute a quoted fragment (a partial quote) to the sentence's subject, on top
# of the speech cues: "called the plan “a disaster”", "was considered to be “our man”".
FRAGMENT_CUES = SPEECH_CUES | _words(
    """
    call dub label brand term characterise characterize consider deem regard refer
    hail slam blast condemn denounce dismiss welcome thank blame vow criticise
    """
)

# Verbs that report content only when their subject is a source ("the study suggests that"),
# not when it is an inanimate thing ("his efforts suggest that" is the writer's inference).
EVIDENTIAL_CUES = _words("suggest show indicate find")

# Reported-speech cues that take a clause: "X said that ...", "X argues ...". Cognition verbs
# (think, believe, hope) are left out: they report a state of mind, not something said.
# "make" counts only in "made (it) clear that …" (context.is_cue).
CLAUSE_CUES = (
    (SPEECH_CUES - _words("call dub label brand term joke laugh sigh cry thank"))
    | EVIDENTIAL_CUES
    | _words("make")
)

# Cues that go on with what the same speaker was saying: "… and added that …".
CONTINUING_CUES = _words("add continue")

# Verbs whose passive subject is the speaker: "he was quoted as saying".
QUOTED_PASSIVES = frozenset({"quote", "cite"})

# Nouns for written sources that can be speakers: "a 2005 cable warned", "the memo said".
DOCUMENT_NOUNS = _words(
    """
    cable memo memorandum report statement letter email e-mail message note document
    study survey poll analysis paper filing lawsuit complaint indictment ruling judgment
    judgement verdict order affidavit transcript minutes record records release bulletin
    communique communiqué notice guidance brief briefing dossier assessment review audit
    investigation inquiry article editorial column book memoir biography diary post tweet
    blog website site page petition resolution motion bill law decree directive manifesto
    proposal plan draft summary testimony submission presentation research data figures
    statistics forecast projection estimate chart video footage recording interview
    agreement treaty accord contract constitution charter
    """
)

# Nouns for sources whose identity the article withholds: "a source close to the matter",
# "officials who spoke on condition of anonymity". Plural forms share the lemma.
ANONYMOUS_NOUNS = _words(
    """
    source insider official person people individual aide adviser advisor staffer employee
    diplomat officer spokesperson spokesman spokeswoman representative confidant associate
    friend relative acquaintance witness observer informant whistleblower eyewitness
    blogger author writer columnist commentator journalist reporter correspondent editor
    user netizen commenter reader viewer listener neighbour neighbor
    """
)

# Common nouns for organisations: "the ministry said", "police said".
ORGANISATION_NOUNS = _words(
    """
    government ministry department agency administration authority authorities council
    committee commission court tribunal parliament congress senate assembly cabinet
    army military police force forces navy company firm bank group party campaign office
    embassy consulate regime junta union federation association organisation organization
    institute foundation charity ngo university school hospital board panel prosecutor
    prosecutors prosecution team club league network newspaper broadcaster station
    """
)

# Plural organisation nouns that still name one body: "the authorities said".
COLLECTIVE_NOUNS = _words("authority authorities police forces prosecutor prosecutors")

# Common nouns for groups of people: "critics say", "protesters chanted".
GROUP_NOUNS = _words(
    """
    critic supporter opponent protester protestor resident voter analyst expert economist
    observer activist campaigner lawmaker legislator politician leader member citizen
    parent student worker employee teacher doctor scientist researcher investor trader
    villager farmer survivor victim family families some many others most few several
    """
)

# Quantifier pronouns that head a group of speakers: "some in Washington", "many argue".
GROUP_PRONOUNS = frozenset({"some", "many", "others", "most", "few", "several", "both", "all"})

MASCULINE_PRONOUNS = frozenset({"he", "him"})
FEMININE_PRONOUNS = frozenset({"she", "her"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})

MASCULINE_HONORIFICS = frozenset({"mr", "sir", "lord", "sheikh", "king", "prince"})
FEMININE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess"})

# Short words after an apostrophe that make it an elision, not an opening quote mark:
# 'em, 'til, 'cause, 'n'.
ELISIONS = frozenset({"em", "til", "till", "cause", "n", "tis", "twas", "bout", "round"})
