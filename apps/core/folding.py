"""Accent- and case-insensitive comparison in PostgreSQL, without the `unaccent` extension.

The embedded PostgreSQL (and many managed servers) ship without contrib extensions, so the
folding is one SQL function of the core server's own: decompose (NFD), drop the combining
marks, lower-case. `name__fold__contains=search_key("helene")` then finds "Hélène"
(apps/core/text.py folds the value compared with in Python; stored search keys are the
faster way for large tables).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Transform

FOLD_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION newsdesk_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(regexp_replace(normalize(value, NFD), '[\u0300-\u036f]', '', 'g'))
$$;
"""
DROP_FOLD_FUNCTION_SQL = "DROP FUNCTION IF EXISTS newsdesk_fold(text);"


class Fold(Transform):
    lookup_name = "fold"
    function = "newsdesk_fold"
    output_field = models.TextField()


def register_lookups() -> None:
    models.CharField.register_lookup(Fold)
    models.TextField.register_lookup(Fold)
