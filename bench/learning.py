"""The learning curve: corrections of the first k articles make the next pre-tags better.

    .venv/bin/python bench/learning.py [--gold ../shared/data/devset] [--held-out 5]

On a gold folder (the devset by default), the last `--held-out` articles are kept aside.
For k = 0, 5, 10, 15, on a fresh database, the first k articles are brought in, pre-tagged
and corrected as a person would, through the same services the workspace calls: each
suggestion accepted, relabelled or rejected against the gold, each missed form added,
each gold entity put in the registry and linked; then the article is sent to review and
published by a second person. The held-out articles are then pre-tagged with what was
learnt, and their entities and quotes scored against the gold. The curve should rise.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_setup, table, throwaway_database  # noqa: E402

STEPS = (0, 5, 10, 15)


def load_devset(folder: Path) -> list[tuple[str, str, object]]:
    from apps.nlp import evaluation

    articles = []
    for text_file in sorted(folder.glob("*.txt")):
        quotes = folder / f"{text_file.stem}.quotes.json"
        entities = folder / f"{text_file.stem}.entities.json"
        if not (quotes.exists() and entities.exists()):
            continue
        gold_quotes = evaluation.load_gold(quotes).quotes or []
        gold_entities = evaluation.load_gold(entities).entities or []
        articles.append(
            (text_file.stem, text_file.read_text(encoding="utf-8"), (gold_quotes, gold_entities))
        )
    return articles


class Newsroom:
    """The people who correct and publish, and the services they go through."""

    def __init__(self) -> None:
        from apps.accounts.services import roles_ensure, user_create_with_role

        roles_ensure()
        password = "bench-password-not-secret-42"
        self.editor = user_create_with_role(username="ed", password=password, role="editor")
        self.annotator = user_create_with_role(username="an", password=password, role="annotator")
        self.reviewer = user_create_with_role(username="re", password=password, role="reviewer")

    def bring_in(self, name: str, text: str):
        from apps.annotations.services import articles_pretag
        from apps.ingest.services import article_ingest

        article = article_ingest(title=name, raw=text, fmt="txt", created_by=self.editor)
        articles_pretag(article_ids=[article.id])
        article.refresh_from_db()
        return article

    def correct(self, article, gold_entities) -> None:
        from apps.annotations import services
        from apps.annotations.models import MENTION_LABELS, EntityMention, Status
        from apps.nlp.evaluation import normalise_name

        actor, version = self.annotator, article.version

        def act(service, **arguments):
            nonlocal version
            change = service(article_id=article.id, version=version, actor=actor, **arguments)
            version = change.article.version
            return change

        label_of = {}
        for row in gold_entities:
            for form in row.forms:
                label_of.setdefault(normalise_name(form), (row.label, set(row.labels)))
        taken: list[tuple[int, int]] = []
        for mention in EntityMention.objects.filter(article=article).order_by("start"):
            wanted = label_of.get(normalise_name(mention.text))
            if wanted is None or wanted[0] not in MENTION_LABELS:
                act(services.mention_update, id=mention.id, status=Status.REJECTED)
                continue
            label, acceptable = wanted
            change = {} if mention.label in acceptable else {"label": label}
            act(services.mention_update, id=mention.id, status=Status.ACCEPTED, **change)
            taken.append((mention.start, mention.end))
        body = article.body
        for row in gold_entities:
            if row.label not in MENTION_LABELS:
                continue
            for form in row.forms:
                for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body):
                    start, end = match.span()
                    if any(s < end and start < e for s, e in taken):
                        continue
                    act(services.mention_create, start=start, end=end, label=row.label)
                    taken.append((start, end))
        self._register(article, gold_entities, act)

    def _register(self, article, gold_entities, act) -> None:
        from apps.annotations import services
        from apps.annotations.models import Entity
        from apps.nlp.evaluation import normalise_name

        entities = list(Entity.objects.filter(article=article).prefetch_related("mentions"))
        for row in gold_entities:
            forms = {normalise_name(f) for f in row.forms}
            linked = [
                e
                for e in entities
                if e.label == row.label
                and any(normalise_name(m.text) in forms for m in e.mentions.all())
            ]
            if not linked:
                continue
            entry = services.registry_entity_create(
                name=row.name, label=row.label, aliases=row.forms, actor=self.annotator
            )
            for entity in linked:
                act(services.entity_link, id=entity.id, registry=entry.id)

    def start_annotation(self, article):
        from apps.publishing import services

        services.workflow_assign(
            article=article, actor=self.editor, annotator=self.annotator, reviewer=self.reviewer
        )
        services.annotation_start(article=article, actor=self.annotator)
        article.refresh_from_db()
        return article

    def publish(self, article) -> None:
        from apps.publishing import services

        services.review_request(article=article, actor=self.annotator)
        services.review_approve(article=article, actor=self.reviewer)


def predictions(article):
    """The article's stored suggestions as the pre-tagger's result types, for scoring."""
    from apps.annotations.models import EntityMention, Quote
    from apps.nlp.types import FoundMention, FoundQuote, TextSpan

    body = article.body
    mentions = [
        FoundMention(m.start, m.end, m.label, m.text, m.entity.name if m.entity else m.text)
        for m in EntityMention.objects.visible().filter(article=article).select_related("entity")
    ]

    def span(start, end):
        return TextSpan(start, end, body[start:end]) if start is not None else None

    quotes = [
        FoundQuote(
            q.start, q.end, q.text, q.kind,
            span(q.cue_start, q.cue_end), span(q.speaker_start, q.speaker_end),
            q.speaker_entity.name if q.speaker_entity else None, q.speaker_type,
        )
        for q in Quote.objects.visible().filter(article=article).select_related("speaker_entity")
    ]  # fmt: skip
    return mentions, quotes


def quote_end_to_end(scores) -> tuple[float, float, float]:
    right = sum(1 for m in scores.matches if m.speaker_right)
    predicted, gold = scores.overall.prf.predicted, scores.overall.prf.gold
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_step(k: int, teach, held_out) -> list[object]:
    from apps.annotations.models import ConfirmedLabel, RegistryEntity
    from apps.annotations.selectors import pretag_knowledge
    from apps.articles.models import Article
    from apps.nlp import evaluation

    Article.objects.all().delete()
    RegistryEntity.objects.all().delete()
    ConfirmedLabel.objects.all().delete()
    newsroom = Newsroom.shared
    started = time.perf_counter()
    for name, text, (_quotes, gold_entities) in teach[:k]:
        article = newsroom.start_annotation(newsroom.bring_in(name, text))
        newsroom.correct(article, gold_entities)
        newsroom.publish(article)
    entity_parts, quote_parts = [], []
    for name, text, (gold_quotes, gold_entities) in held_out:
        mentions, quotes = predictions(newsroom.bring_in(name, text))
        entity_parts.append(evaluation.score_entities(gold_entities, mentions))
        quote_parts.append(evaluation.score_quotes(gold_quotes, quotes))
    entities = evaluation.combine_entity_scores(entity_parts).overall
    qp, qr, qf = quote_end_to_end(evaluation.combine_quote_scores(quote_parts))
    knowledge = pretag_knowledge()
    return [
        k,
        len(knowledge.registry),
        len(knowledge.confirmed_labels),
        f"{entities.precision:.3f}",
        f"{entities.recall:.3f}",
        f"{entities.f1:.3f}",
        f"{qp:.3f}",
        f"{qr:.3f}",
        f"{qf:.3f}",
        f"{time.perf_counter() - started:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "data" / "devset"))
    parser.add_argument("--held-out", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="k = 0 and the most only")
    args = parser.parse_args()
    django_setup()
    articles = load_devset(Path(args.gold))
    teach, held_out = articles[: -args.held_out], articles[-args.held_out :]
    steps = [k for k in STEPS if k <= len(teach)]
    if args.quick:
        steps = [steps[0], steps[-1]]
    print(f"{len(teach)} articles to learn from, {len(held_out)} held out")
    with throwaway_database("bench_learning"):
        Newsroom.shared = Newsroom()
        rows = [run_step(k, teach, held_out) for k in steps]
    print(
        table(
            [
                "k corrected",
                "registry",
                "confirmed forms",
                "entity P",
                "entity R",
                "entity F1",
                "quote P",
                "quote R",
                "quote F1",
                "seconds",
            ],
            rows,
        )
    )
    print("Quote P/R/F1 are end to end: a quote counts when it is found with the right speaker.")


if __name__ == "__main__":
    main()
