"""Inserting many new rows of one model through PostgreSQL's COPY."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


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
