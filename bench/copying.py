"""Bulk rows for the benchmarks' seeds: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations


def write_rows(model, attnames: list[str], rows) -> None:
    """Insert ``rows`` (tuples of the given attribute values). Every other column gets its
    model default, or the database's own where the field has one; the id comes from its
    sequence unless the rows carry it (then the sequence is moved past them)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(attnames, row, strict=True))))
            if len(batch) >= 2000:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return

    from psycopg.types.json import Jsonb

    given = {name: index for index, name in enumerate(attnames)}
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.attname in given or not (field.primary_key or field.has_db_default())
    ]
    defaults = {}
    for field in fields:
        if field.attname in given:
            continue
        value = field.get_default()
        if value is None and not field.null:
            raise SystemExit(f"{model.__name__}.{field.name} needs a value in the bench seed")
        if field.get_internal_type() == "JSONField":
            value = Jsonb(value)
        defaults[field.attname] = value
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        row[given[field.attname]] if field.attname in given
                        else defaults[field.attname]
                        for field in fields
                    ]
                )  # fmt: skip
        if "id" in given:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
