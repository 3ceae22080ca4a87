"""The OpenAPI 3.1 description of the read-only API, served at /api/v1/openapi.json."""

from __future__ import annotations

_PAGE = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "page_size",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]


def _query(name: str, description: str, **schema) -> dict:
    return {"name": name, "in": "query", "description": description,
            "schema": {"type": "string", **schema}}  # fmt: skip


_NULLABLE_STRING = {"type": ["string", "null"]}


def _object(*, required: list[str] | None = None, **properties: str | dict) -> dict:
    """An object schema; a property given as a string is that JSON type."""
    schema: dict = {"type": "object"}
    if required:
        schema["required"] = required
    schema["properties"] = {
        name: {"type": value} if isinstance(value, str) else value
        for name, value in properties.items()
    }
    return schema


def _paged(item: str) -> dict:
    return _object(
        required=["count", "page", "page_size", "next", "previous", "results"],
        count="integer",
        page="integer",
        page_size="integer",
        next=_NULLABLE_STRING,
        previous=_NULLABLE_STRING,
        results={"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
    )


_SPAN = {**_object(start="integer", end="integer", text="string"), "type": ["object", "null"]}
_METADATA = {
    "id": "integer",
    "title": "string",
    "source": "string",
    "date": _NULLABLE_STRING,
    "version": "integer",
    "published_at": "string",
}
_ENTITY = _object(start="integer", end="integer", label="string", text="string", entity="string")
_QUOTE = _object(
    start="integer",
    end="integer",
    text="string",
    kind={"enum": ["direct", "partial", "indirect"]},
    cue=_SPAN,
    speaker=_SPAN,
    speaker_entity=_NULLABLE_STRING,
    speaker_type="string",
)
_QUOTE_FIELDS = {
    "article": "integer",
    "version": "integer",
    "start": "integer",
    "end": "integer",
    "text": "string",
    "kind": "string",
    "cue": _NULLABLE_STRING,
    "speaker": _NULLABLE_STRING,
    "speaker_entity": _NULLABLE_STRING,
    "speaker_type": "string",
}
_ERROR = {"description": "Bad request", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Error"}}}}  # fmt: skip


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Newsdesk published annotations",
            "version": "1",
            "description": "Published articles with their entities and quotes. Offsets are "
            "half-open Unicode code-point indices into `text`. Only published versions appear. "
            "The /insights endpoints count who gets quoted.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/articles": {
                "get": {
                    "summary": "Published articles, newest first",
                    "parameters": [
                        _query("q", "words in the title, or in the text (any word form)"),
                        _query("entity", "canonical entity name, whatever its case and accents"),
                        _query("speaker", "canonical speaker name, whatever its case and accents"),
                        _query("from", "published on or after", format="date"),
                        _query("to", "published on or before", format="date"),
                        _query(
                            "ordering",
                            "sort order",
                            enum=["-published_at", "published_at", "title", "-title"],
                        ),
                        *_PAGE,
                    ],  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "A page of articles",
                            "content": {"application/json": {"schema": _paged("ArticleSummary")}},
                        },
                        "400": _ERROR,
                    },  # fmt: skip
                }
            },
            "/articles/{id}": {
                "get": {
                    "summary": "One published article in the pre-tagger's shape",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "The article",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Article"}
                                }
                            },
                        },
                        "404": {"description": "Not published"},
                    },  # fmt: skip
                }
            },
            "/quotes": {
                "get": {
                    "summary": "Published quotes across articles; with q, best match first",
                    "parameters": [
                        _query(
                            "q",
                            'words of the quote (English stemming; "phrase", -word, or); '
                            "each result then also has its rank and a highlight",
                        ),
                        _query("speaker", "canonical speaker name, whatever its case and accents"),
                        _query("kind", "quote kind", enum=["direct", "partial", "indirect"]),
                        _query("article", "article id"),
                        *_PAGE,
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of quotes (QuoteMatch when q is given)",
                            "content": {
                                "application/json": {
                                    "schema": {"oneOf": [_paged("Quote"), _paged("QuoteMatch")]}
                                }
                            },
                        },
                        "400": _ERROR,
                    },  # fmt: skip
                }
            },
            **{
                f"/insights/{name}": _insights_path(summary, limit=name == "speakers")
                for name, summary in (
                    ("speakers", "The most-quoted speakers: quotes, articles, share of all (%)"),
                    ("speaker-types", "Quotes by speaker type, with shares (%)"),
                    ("entities", "The most-mentioned entities of each type"),
                )
            },
        },
        "components": {
            "schemas": {
                "Error": _object(error="string"),
                "InsightTable": _object(
                    required=["filters", "total", "columns", "results"],
                    filters=_object(
                        **{name: _NULLABLE_STRING for name in ("from", "to", "source")},
                        entity_type=_NULLABLE_STRING,
                        period="string",
                    ),
                    total="integer",
                    columns={"type": "array", "items": _object(name="string", title="string")},
                    results={"type": "array", "items": {"type": "object"}},
                ),
                "ArticleSummary": _object(
                    **_METADATA,
                    entities={"type": "array", "items": {"type": "string"}},
                    speakers={"type": "array", "items": {"type": "string"}},
                    url="string",
                ),
                "Article": _object(
                    required=["id", "text", "entities", "quotes", "version"],
                    **_METADATA,
                    byline="string",
                    url="string",
                    text="string",
                    entities={"type": "array", "items": _ENTITY},
                    quotes={"type": "array", "items": _QUOTE},
                ),
                "Quote": _object(**_QUOTE_FIELDS),
                "QuoteMatch": _object(
                    **_QUOTE_FIELDS,
                    rank="number",
                    highlight={
                        "type": "string",
                        "description": "HTML: the text escaped, the matching words in <mark>",
                    },
                ),
            }
        },
    }


def _insights_path(summary: str, *, limit: bool) -> dict:
    return {
        "get": {
            "summary": summary,
            "description": "Counts the current published version of each article (not "
            "retracted), each utterance once. For editors, reviewers and admins (signed in).",
            "parameters": [
                _query("from", "article date on or after", format="date"),
                _query("to", "article date on or before", format="date"),
                _query("source", "outlet, whatever its case"),
                _query("entity_type", "speakers and entities of this label (PERSON, ORG, …)"),
                _query("period", "trend period", enum=["month", "week"]),
                *(
                    [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        }
                    ]
                    if limit
                    else []
                ),
            ],  # fmt: skip
            "responses": {
                "200": {
                    "description": "The table: its columns and rows",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/InsightTable"}
                        }
                    },
                },
                "400": _ERROR,
                "403": {"description": "Not signed in as an editor, reviewer or admin"},
            },
        }
    }
