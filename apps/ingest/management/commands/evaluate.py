"""Score the pre-tagger against gold files (see apps/nlp/evaluation/__init__.py for the rules)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.articles.normalise import (
    IngestError,
    canonical_body,
    decode_upload,
    format_for_filename,
)
from apps.nlp import evaluation
from apps.nlp.pipeline import get_nlp, pretag_texts
from apps.nlp.types import QuoteKind

# (option, what it bounds, how to read it from the scores)
THRESHOLDS = (
    ("min_direct_f1", "direct quote F1", lambda q, e: q.by_kind[QuoteKind.DIRECT].prf.f1),
    ("min_partial_f1", "partial quote F1", lambda q, e: q.by_kind[QuoteKind.PARTIAL].prf.f1),
    ("min_indirect_f1", "indirect quote F1", lambda q, e: q.by_kind[QuoteKind.INDIRECT].prf.f1),
    ("min_quote_f1", "quote F1 (all kinds)", lambda q, e: q.overall.prf.f1),
    ("min_speaker_accuracy", "speaker accuracy", lambda q, e: q.overall.speaker_accuracy),
    ("min_fully_right", "share of quotes fully right", lambda q, e: q.overall.fully_right_share),
    ("min_entity_f1", "entity F1 (all labels)", lambda q, e: e.overall.f1),
    ("min_clustering", "entity clustering accuracy", lambda q, e: e.clustering_accuracy),
)


class Command(BaseCommand):
    help = (
        "Score the pre-tagger against GOLD files (*.quotes.json, *.entities.json, or folders "
        "of them). Prints a table; with --min-... options, exits non-zero when a figure is "
        "below its threshold (give fractions, e.g. 0.9, or percentages, e.g. 90)."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("gold", nargs="+", metavar="GOLD", help="gold files or folders")
        for option, label, _ in THRESHOLDS:
            parser.add_argument(
                "--" + option.replace("_", "-"), type=float, default=None, help=f"minimum {label}"
            )
        parser.add_argument(
            "--min-overlap",
            type=float,
            default=evaluation.DEFAULT_MIN_OVERLAP,
            help="token overlap a predicted quote needs to match a gold one (default 0.8)",
        )
        parser.add_argument(
            "--errors", action="store_true", help="list missed, spurious and wrong quotes"
        )

    def handle(self, *args, gold: list[str], min_overlap: float, errors: bool, **options) -> None:
        files = self.gold_files(gold)
        by_document: dict[Path, list[evaluation.GoldFile]] = defaultdict(list)
        for gold_file in files:
            by_document[self.find_article(gold_file)].append(gold_file)
        items = []
        for article in by_document:
            try:
                fmt = format_for_filename(article.name)
                items.append(
                    (str(article), canonical_body(decode_upload(article.read_bytes()), fmt))
                )
            except (OSError, IngestError) as exc:
                raise CommandError(f"{article}: {exc}") from exc

        nlp = get_nlp(settings.NEWSDESK_SPACY_MODEL)
        quote_parts, entity_parts = [], []
        quote_documents = entity_documents = 0
        for result in pretag_texts(items, nlp=nlp):
            for gold_file in by_document[Path(result.id)]:
                if gold_file.quotes is not None:
                    part = evaluation.score_quotes(
                        gold_file.quotes, result.quotes, min_overlap=min_overlap
                    )
                    quote_parts.append(part)
                    quote_documents += 1
                    if errors:
                        self.show_errors(gold_file, part)
                if gold_file.entities is not None:
                    entity_parts.append(
                        evaluation.score_entities(gold_file.entities, result.entities)
                    )
                    entity_documents += 1

        quotes = evaluation.combine_quote_scores(quote_parts)
        entities = evaluation.combine_entity_scores(entity_parts)
        if quote_documents:
            self.stdout.write(
                f"Quotes: {quote_documents} document(s), token overlap ≥ {min_overlap:.2f}"
            )
            self.stdout.write(evaluation.quote_table(quotes))
        if entity_documents:
            self.stdout.write(f"\nEntities: {entity_documents} document(s)")
            self.stdout.write(evaluation.entity_table(entities))
        self.enforce(options, quotes, entities, bool(quote_documents), bool(entity_documents))

    def gold_files(self, names: list[str]) -> list[evaluation.GoldFile]:
        paths: list[Path] = []
        for name in names:
            path = Path(name)
            if path.is_dir():
                paths.extend(sorted(path.glob("*.quotes.json")))
                paths.extend(sorted(path.glob("*.entities.json")))
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder")
        if not paths:
            raise CommandError("No gold files found.")
        try:
            return [evaluation.load_gold(path) for path in paths]
        except evaluation.GoldError as exc:
            raise CommandError(str(exc)) from exc

    def find_article(self, gold_file: evaluation.GoldFile) -> Path:
        """The article beside the gold file, in ../articles/, or among the demo articles."""
        name = Path(gold_file.document).name
        folder = gold_file.path.parent
        candidates = [
            folder / name,
            folder.parent / "articles" / name,
            Path(settings.BASE_DIR) / "apps" / "articles" / "demo" / name,
        ]
        for candidate in candidates:
            if candidate.is_file():
                return candidate.resolve()
        looked = ", ".join(str(c) for c in candidates)
        raise CommandError(f"{gold_file.path}: article {name!r} not found (looked in {looked})")

    def show_errors(self, gold_file: evaluation.GoldFile, scores: evaluation.QuoteScores) -> None:
        lines = evaluation.quote_errors(scores)
        if lines:
            self.stdout.write(f"{gold_file.path.name}:")
            for line in lines:
                self.stdout.write("  " + line)

    def enforce(self, options, quotes, entities, have_quotes: bool, have_entities: bool) -> None:
        failures = []
        for option, label, read in THRESHOLDS:
            minimum = options.get(option)
            if minimum is None:
                continue
            if minimum > 1:
                minimum /= 100
            is_entity = option in ("min_entity_f1", "min_clustering")
            if (is_entity and not have_entities) or (not is_entity and not have_quotes):
                failures.append(f"{label}: no gold data to measure it")
                continue
            value = read(quotes, entities)
            if value < minimum:
                failures.append(f"{label} {100 * value:.1f}% < {100 * minimum:.1f}%")
        if failures:
            raise CommandError("Below threshold: " + "; ".join(failures))
