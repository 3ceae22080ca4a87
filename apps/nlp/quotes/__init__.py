"""Quotes and who said them; see extract.py for how the parts fit together."""

from apps.nlp.quotes.extract import extract_quotes

__all__ = ["extract_quotes"]
