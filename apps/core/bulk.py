"""Inserting many new rows of one model (through PostgreSQL's COPY, or column by column), and
how a table's long texts are stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import psycopg
from django.db import connections, models, router
from django.utils import timezone


def copy_insert(objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model with COPY and set their primary keys.

    Like `bulk_create` (field defaults and `auto_now` applied, no `save()` and no signals,
    every constraint and trigger of the table still checked), but the rows are streamed
    instead of bound as one statement's parameters, which the client quotes one by one:
    about twice as fast for rows with long texts. Keys come from the table's own sequence.
    Raises IntegrityError (nothing is inserted then) like any insert.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    # Generated columns are computed by PostgreSQL and cannot be copied into.
    fields = [
        field
        for field in meta.concrete_fields
        if field is not pk and not getattr(field, "generated", False)
    ]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        keys = [key for (key,) in cursor.fetchall()]
        with (
            connection.wrap_database_errors,
            cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for obj, key in zip(objs, keys, strict=True):
                values = [field.pre_save(obj, True) for field in fields]
                copy.write_row(
                    [key]
                    + [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, values, strict=True)
                    ]
                )
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_columns(
    model: type[models.Model],
    columns: Mapping[str, Sequence[object]],
    *,
    ignore_conflicts: bool = False,
    returning: Sequence[str] = (),
) -> list[tuple]:
    """Insert rows given column by column in one statement and return the `returning`
    columns of the rows inserted.

    `columns` maps field attnames (`article_id`, `start`, …) to one list of plain values
    each (ints, strings, None), bound as one array per column and not converted field by
    field: that conversion is what makes `bulk_create` cost more than the insert itself.
    Every field left out gets what `bulk_create` would give it (its default, or the time
    for `auto_now` fields), the same for every row. With `ignore_conflicts`, a row that would
    break a unique constraint is skipped (and not returned); constraints, triggers and
    foreign keys are checked by PostgreSQL as for any insert.
    """
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    rows = lengths.pop() if lengths else 0
    if not rows:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    by_attname = {field.attname: field for field in meta.concrete_fields}
    unknown = set(columns) - by_attname.keys()
    if unknown:
        raise ValueError(f"{meta.label} has no fields {sorted(unknown)}")
    given = [by_attname[name] for name in columns]
    fixed = [
        field
        for field in meta.concrete_fields
        if field.attname not in columns
        and field is not meta.pk
        and not getattr(field, "generated", False)
    ]
    now = timezone.now()
    fixed_values = [field.get_db_prep_save(_default_of(field, now), connection) for field in fixed]
    constants = [f"%s::{field.db_type(connection)}" for field in fixed]
    names = ", ".join(quote(field.column) for field in [*given, *fixed])
    # Names come from the model, every value is bound.
    into = f"INSERT INTO {quote(meta.db_table)} ({names})"
    if rows == 1:
        # One row binds plain values: an array of one long text costs more to send.
        placeholders = [f"%s::{field.db_type(connection)}" for field in given] + constants
        sql = " ".join([into, f"VALUES ({', '.join(placeholders)})"])
        params = [*(values[0] for values in columns.values()), *fixed_values]
    else:
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in given)
        select = ", ".join(["given.*", *constants])
        sql = " ".join([into, "SELECT", select, "FROM", f"unnest({arrays})", "AS given"])
        params = [*fixed_values, *(list(values) for values in columns.values())]
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += " RETURNING " + ", ".join(quote(by_attname[name].column) for name in returning)
    # Bound by the server, not quoted into the statement by the client as Django's cursors
    # do (psycopg's C dumpers send each array whole): most of the cost of a long insert.
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def _default_of(field: models.Field, now: datetime) -> object:
    """What `bulk_create` stores in a field it is given no value for."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def column_storage(
    cursor, table: str, columns: Sequence[str], *, compression: str, storage: str = "EXTENDED"
) -> None:
    """Set how `columns` of `table` are stored (a migration step). lz4 writes long texts
    several times faster than PostgreSQL's default, pglz, for about the same space, but a
    server can be built without it: there lz4 is not asked for and nothing changes."""
    if compression == "lz4" and not server_has_lz4(cursor):
        return
    quote = cursor.db.ops.quote_name
    clauses = ", ".join(
        f"ALTER COLUMN {quote(c)} SET STORAGE {storage}, "
        f"ALTER COLUMN {quote(c)} SET COMPRESSION {compression}"
        for c in columns
    )
    cursor.execute(f"ALTER TABLE {quote(table)} {clauses}")


def server_has_lz4(cursor) -> bool:
    """Whether the PostgreSQL server was built with lz4 (the embedded one is not)."""
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])
