"""Every change to annotations goes through these services, with its history row in the same
transaction. One module per noun; the editing engine (`editing.py`) is shared by all of them."""

from apps.annotations.services.editing import (
    AnnotationRefused,
    EditForbidden,
    VersionConflict,
    WorkspaceChange,
    edit_refusal,
    edit_rule_register,
)
from apps.annotations.services.entities import (
    entity_link,
    entity_merge,
    entity_rename,
    entity_split,
    entity_unmerge,
)
from apps.annotations.services.history import event_record
from apps.annotations.services.imported import annotations_import
from apps.annotations.services.learning import confirmed_labels_forget, confirmed_labels_record
from apps.annotations.services.mentions import (
    mention_create,
    mention_delete,
    mention_restore,
    mention_update,
    statuses_set,
    suggestions_accept,
)
from apps.annotations.services.presence import presence_note
from apps.annotations.services.pretag import articles_pretag
from apps.annotations.services.quotes import quote_create, quote_delete, quote_restore, quote_update
from apps.annotations.services.registry import (
    registry_add,
    registry_entity_create,
    registry_entity_update,
)
from apps.annotations.services.suggestions import suggestions_store, suggestions_store_many

__all__ = [
    "AnnotationRefused",
    "EditForbidden",
    "VersionConflict",
    "WorkspaceChange",
    "annotations_import",
    "edit_refusal",
    "edit_rule_register",
    "articles_pretag",
    "confirmed_labels_forget",
    "confirmed_labels_record",
    "entity_link",
    "entity_merge",
    "entity_rename",
    "entity_split",
    "entity_unmerge",
    "event_record",
    "mention_create",
    "mention_delete",
    "mention_restore",
    "mention_update",
    "presence_note",
    "quote_create",
    "quote_delete",
    "quote_restore",
    "quote_update",
    "registry_add",
    "registry_entity_create",
    "registry_entity_update",
    "statuses_set",
    "suggestions_accept",
    "suggestions_store",
    "suggestions_store_many",
]
