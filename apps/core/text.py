"""Text helpers shared by the apps."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """`text` as names are compared in searches: case, accents and spacing ignored.

    "Zoë  Ångström" and "zoe angstrom" have the same key. Computed in Python and stored,
    because the embedded PostgreSQL has neither the unaccent extension nor ICU collations.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
