"""Looking into the quotes the rules found, for the tests' assertions."""


def find(found, fragment, kind=None):
    matches = [q for q in found if fragment in q.text and (kind is None or q.kind == kind)]
    assert matches, f"no quote containing {fragment!r} in {[q.text for q in found]}"
    return matches[0]


def texts(found):
    return [q.text for q in found]


def speaker(quote):
    return quote.speaker.text if quote.speaker else None
