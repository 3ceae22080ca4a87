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


def _paged(item: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "next": {"type": ["string", "null"]},
            "previous": {"type": ["string", "null"]},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


_SPAN = {
    "type": ["object", "null"],
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"},
                   "text": {"type": "string"}},
}  # fmt: skip
_ERROR = {"description": "Bad request", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Error"}}}}  # fmt: skip


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Newsdesk published annotations",
            "version": "1",
            "description": "Published articles with their entities and quotes. Offsets are "
            "half-open Unicode code-point indices into `text`. Only published versions appear.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/articles": {
                "get": {
                    "summary": "Published articles, newest first",
                    "parameters": [
                        _query("q", "words in the title"),
                        _query("entity", "canonical entity name, exact"),
                        _query("speaker", "canonical speaker name, exact"),
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
                    "summary": "Published quotes across articles",
                    "parameters": [
                        _query("speaker", "canonical speaker name, exact"),
                        _query("kind", "quote kind", enum=["direct", "partial", "indirect"]),
                        _query("article", "article id"),
                        *_PAGE,
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of quotes",
                            "content": {"application/json": {"schema": _paged("Quote")}},
                        },
                        "400": _ERROR,
                    },  # fmt: skip
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
                "ArticleSummary": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "source": {"type": "string"},
                        "date": {"type": ["string", "null"]},
                        "version": {"type": "integer"},
                        "published_at": {"type": "string"},
                        "entities": {"type": "array", "items": {"type": "string"}},
                        "speakers": {"type": "array", "items": {"type": "string"}},
                        "url": {"type": "string"},
                    },
                },  # fmt: skip
                "Article": {
                    "type": "object",
                    "required": ["id", "text", "entities", "quotes", "version"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "byline": {"type": "string"},
                        "source": {"type": "string"},
                        "url": {"type": "string"},
                        "date": {"type": ["string", "null"]},
                        "version": {"type": "integer"},
                        "published_at": {"type": "string"},
                        "text": {"type": "string"},
                        "entities": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "start": {"type": "integer"},
                                    "end": {"type": "integer"},
                                    "label": {"type": "string"},
                                    "text": {"type": "string"},
                                    "entity": {"type": "string"},
                                },
                            },
                        },
                        "quotes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "start": {"type": "integer"},
                                    "end": {"type": "integer"},
                                    "text": {"type": "string"},
                                    "kind": {"enum": ["direct", "partial", "indirect"]},
                                    "cue": _SPAN,
                                    "speaker": _SPAN,
                                    "speaker_entity": {"type": ["string", "null"]},
                                    "speaker_type": {"type": "string"},
                                },
                            },
                        },
                    },
                },  # fmt: skip
                "Quote": {
                    "type": "object",
                    "properties": {
                        "article": {"type": "integer"},
                        "version": {"type": "integer"},
                        "start": {"type": "integer"},
                        "end": {"type": "integer"},
                        "text": {"type": "string"},
                        "kind": {"type": "string"},
                        "cue": {"type": ["string", "null"]},
                        "speaker": {"type": ["string", "null"]},
                        "speaker_entity": {"type": ["string", "null"]},
                        "speaker_type": {"type": "string"},
                    },
                },  # fmt: skip
            }
        },
    }
