"""The files doccano and Label Studio export, read into Newsdesk's `pretag` shape.

A tool's labels are its own names ("PER", "Quote", "said_by"), so nothing is stored until a
person has mapped each name to one of ours (`default_mapping` proposes one). A mapping is
`{"labels": {name: target}, "relations": {type: target}}`: a span label's target is one of
our mention labels, `quote:<kind>`, or "" (left out); a relation type's target is
`speaker` or "". A speaker relation runs from the speaker's region to the quote's region, in
either tool. Pure functions: no database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from apps.articles.normalise import IngestError
from apps.nlp.types import QUOTE_KINDS, speaker_type_for_label

DOCCANO = "doccano"
LABEL_STUDIO = "labelstudio"
TOOL_NAMES = {DOCCANO: "doccano", LABEL_STUDIO: "Label Studio"}

SPEAKER = "speaker"
QUOTE_PREFIX = "quote:"

# Names other tools' projects commonly give the labels Newsdesk has under another name.
LABEL_SYNONYMS = {
    "PER": "PERSON",
    "PERS": "PERSON",
    "PEOPLE": "PERSON",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
}
SPEAKER_RELATIONS = {"speaker", "said", "says", "said_by", "speaker_of", "quoted", "source"}


@dataclass(slots=True)
class Region:
    key: str
    start: int
    end: int
    label: str


@dataclass(slots=True)
class Layer:
    """One set of regions and relations: doccano's spans, or one Label Studio result list."""

    regions: list[Region] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # from, to, type


@dataclass(slots=True)
class ToolRecord:
    text: str
    meta: dict
    done: Layer  # what people annotated
    predicted: Layer  # a model's predictions (Label Studio), imported as suggestions


def tool_of(record: dict) -> str:
    """Which tool wrote a record shaped like this one, or "" for Newsdesk's own shapes."""
    if isinstance(record.get("data"), dict) and any(
        key in record for key in ("annotations", "predictions", "completions")
    ):
        return LABEL_STUDIO
    if "text" in record and _min_results(record):
        return LABEL_STUDIO
    entities = record.get("entities")
    if isinstance(entities, list) and entities and isinstance(entities[0], dict):
        return DOCCANO if "start_offset" in entities[0] else ""
    labels = record.get("label", record.get("labels"))
    if isinstance(labels, list) and (not labels or isinstance(labels[0], list)):
        return DOCCANO
    return ""


def _min_results(record: dict) -> dict[str, list]:
    """Label Studio's JSON-MIN puts each control's regions under the control's name."""
    found = {}
    for key, value in record.items():
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and "start" in v and "labels" in v for v in value)
        ):
            found[key] = value
    return found


def _offset(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise IngestError(f"{where} has a region whose offsets are not whole numbers.")
    return value


def _doccano(record: dict, where: str) -> ToolRecord:
    layer = Layer()
    entities = record.get("entities")
    if isinstance(entities, list) and (not entities or isinstance(entities[0], dict)):
        for entity in entities:
            if not isinstance(entity, dict):
                raise IngestError(f"{where}: each entity must be an object.")
            layer.regions.append(
                Region(
                    str(entity.get("id")),
                    _offset(entity.get("start_offset"), where),
                    _offset(entity.get("end_offset"), where),
                    str(entity.get("label", "")),
                )
            )
        for relation in record.get("relations") or []:
            if isinstance(relation, dict):
                layer.relations.append(
                    (str(relation.get("from_id")), str(relation.get("to_id")), _type(relation))
                )
    else:
        for n, span in enumerate(record.get("label", record.get("labels")) or []):
            if not isinstance(span, list) or len(span) != 3:
                raise IngestError(f"{where}: each label must be [start, end, label].")
            layer.regions.append(
                Region(str(n), _offset(span[0], where), _offset(span[1], where), str(span[2]))
            )
    text = record.get("text", record.get("data"))
    return ToolRecord(_text(text, where), _meta(record), layer, Layer())


def _type(relation: dict) -> str:
    value = relation.get("type")
    if value is None and relation.get("labels"):
        value = relation["labels"][0]
    return str(value or "")


def _studio_layer(results: object, where: str) -> Layer:
    layer = Layer()
    for result in results if isinstance(results, list) else []:
        if not isinstance(result, dict):
            continue
        if result.get("type") == "relation":
            labels = result.get("labels") or [""]
            ends = (str(result.get("from_id")), str(result.get("to_id")))
            if result.get("direction") == "left":  # drawn from the quote to its speaker
                ends = ends[::-1]
            for label in labels:  # a relation may carry several labels
                layer.relations.append((*ends, str(label)))
            continue
        value = result.get("value")
        if result.get("type") != "labels" or not isinstance(value, dict):
            continue  # choices, text areas and the like are not spans
        for label in value.get("labels") or []:
            layer.regions.append(
                Region(
                    str(result.get("id")),
                    _offset(value.get("start"), where),
                    _offset(value.get("end"), where),
                    str(label),
                )
            )
    return layer


def _newest(entries: object, *, skip_cancelled: bool) -> dict | None:
    kept = [
        e
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and not (skip_cancelled and e.get("was_cancelled"))
    ]
    # ISO timestamps sort as text; an entry without one counts as the oldest.
    return max(
        kept, key=lambda e: str(e.get("updated_at") or e.get("created_at") or ""), default=None
    )


def _label_studio(record: dict, where: str) -> ToolRecord:
    if not isinstance(record.get("data"), dict):  # JSON-MIN: the task's data at the top
        layer = Layer()
        for key, values in _min_results(record).items():
            for n, value in enumerate(values):
                for label in value.get("labels") or []:
                    layer.regions.append(
                        Region(
                            f"{key}-{n}",
                            _offset(value.get("start"), where),
                            _offset(value.get("end"), where),
                            str(label),
                        )
                    )
        return ToolRecord(_text(record.get("text"), where), _meta(record), layer, Layer())
    data = record["data"]
    annotation = _newest(record.get("annotations", record.get("completions")), skip_cancelled=True)
    prediction = _newest(record.get("predictions"), skip_cancelled=False)
    done = _studio_layer(annotation.get("result") if annotation else None, where)
    predicted = _studio_layer(prediction.get("result") if prediction else None, where)
    text = data.get("text")
    if not isinstance(text, str):  # a project whose <Text> reads another field of the task
        text = max((v for v in data.values() if isinstance(v, str)), key=len, default=None)
    return ToolRecord(_text(text, where), _meta(data), done, predicted)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise IngestError(f"{where} has no text.")
    return value


def _meta(source: dict) -> dict:
    meta = source.get("meta") if isinstance(source.get("meta"), dict) else {}
    found = {**meta, **source}
    return {
        key: found[key]
        for key in ("title", "byline", "source", "url", "published_at")
        if isinstance(found.get(key), str)
    }


def tool_record(record: dict, *, tool: str, where: str) -> ToolRecord:
    """Raises IngestError when the record cannot be read."""
    return _doccano(record, where) if tool == DOCCANO else _label_studio(record, where)


def labels_found(records: list[ToolRecord]) -> tuple[Counter, Counter]:
    """How often each span label and each relation type occurs."""
    labels: Counter = Counter()
    relations: Counter = Counter()
    for record in records:
        for layer in (record.done, record.predicted):
            labels.update(region.label for region in layer.regions)
            relations.update(kind for _, _, kind in layer.relations)
    return labels, relations


def mention_targets() -> tuple[str, ...]:
    from apps.annotations.models import MENTION_LABELS  # constants only, read when needed

    return MENTION_LABELS


def default_target(label: str) -> str:
    """Our label for one of theirs: an exact match (any case), a known synonym, a quote kind
    for a name that says quote, else left out."""
    name = label.strip().upper()
    if name in mention_targets():
        return name
    if name in LABEL_SYNONYMS:
        return LABEL_SYNONYMS[name]
    if "QUOTE" in name or "QUOTATION" in name:
        kind = next((k for k in QUOTE_KINDS if k.upper() in name), "direct")
        return QUOTE_PREFIX + kind
    return ""


def default_mapping(labels: Counter, relations: Counter) -> dict:
    return {
        "labels": {label: default_target(label) for label in labels},
        "relations": {
            kind: SPEAKER if kind.strip().lower() in SPEAKER_RELATIONS else "" for kind in relations
        },
    }


def _layer_annotations(layer: Layer, mapping: dict, text: str, skip: set, names: dict) -> dict:
    """A layer in the pretag shape, with the mapping applied; `skip` holds the mention and
    quote spans another layer has already, so a region is not imported twice. `names` maps
    a span to the name and label of a mention there: the speaker's entity when it speaks."""
    labels, relation_map = mapping.get("labels", {}), mapping.get("relations", {})
    regions = {region.key: region for region in layer.regions}
    entities, quotes = [], {}
    for region in layer.regions:
        target = labels.get(region.label, "")
        if target.startswith(QUOTE_PREFIX):
            if ("quote", region.start, region.end) not in skip:
                quotes[region.key] = {
                    "start": region.start,
                    "end": region.end,
                    "kind": target.removeprefix(QUOTE_PREFIX),
                }
        elif target:
            name = " ".join(text[region.start : region.end].split())
            names.setdefault((region.start, region.end), (name, target))
            if ("mention", region.start, region.end, target) not in skip:
                entities.append({"start": region.start, "end": region.end, "label": target})
    for source, quote_key, kind in layer.relations:
        if quote_key not in quotes and source in quotes:  # drawn the other way round
            source, quote_key = quote_key, source
        speaker, quote = regions.get(source), quotes.get(quote_key)
        if relation_map.get(kind) != SPEAKER or speaker is None or quote is None:
            continue
        quote["speaker"] = {"start": speaker.start, "end": speaker.end}
        name = names.get((speaker.start, speaker.end))
        if name:
            quote["speaker_entity"], quote["speaker_type"] = (
                name[0],
                speaker_type_for_label(name[1]),
            )
    return {"entities": entities, "quotes": list(quotes.values())}


def record_annotations(record: ToolRecord, mapping: dict) -> tuple[dict, dict]:
    """(what people annotated, the predictions not already among it), in the pretag shape."""
    names: dict = {}
    done = _layer_annotations(record.done, mapping, record.text, set(), names)
    skip: set = {("mention", e["start"], e["end"], e["label"]) for e in done["entities"]}
    skip |= {("quote", q["start"], q["end"]) for q in done["quotes"]}
    return done, _layer_annotations(record.predicted, mapping, record.text, skip, names)


def mapping_check(mapping: object) -> dict:
    """A mapping as given, refused (IngestError) if it names a target Newsdesk does not have."""
    if not isinstance(mapping, dict):
        raise IngestError("The label mapping is not readable.")
    allowed = set(mention_targets()) | {QUOTE_PREFIX + k for k in QUOTE_KINDS} | {""}
    checked: dict = {"labels": {}, "relations": {}}
    for part, targets in (("labels", allowed), ("relations", {SPEAKER, ""})):
        given = mapping.get(part) or {}
        if not isinstance(given, dict):
            raise IngestError("The label mapping is not readable.")
        for name, target in given.items():
            if target not in targets:
                what = "label" if part == "labels" else "relation"
                raise IngestError(f"{target!r} is not a {what} Newsdesk keeps.")
            checked[part][str(name)] = target
    return checked
