"""Hot reads of a fixed shape, compiled by the ORM once per process and database.

Turning a QuerySet into SQL costs Django 0.2-0.5 ms a query, often more than the
database takes to answer it: on the API's hottest reads it was a third of the request
(docs/performance.md). ``Compiled(build)`` asks ``build`` for the QuerySet once, with
integer placeholders for its arguments, keeps the SQL the ORM made and where each
placeholder went among its parameters, and from then on runs that SQL with the real
values, giving rows as the QuerySet would (the same columns, converted by the same
converters: SQLite's text timestamps, JSON). The QuerySet stays the source (EXPLAIN it,
read it); only its compilation is saved.

For queries whose SQL does not depend on the argument values, only on their number: a
``values_list`` of columns filtered by ids (no ``__in`` of a list, no ``None``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

_PLACEHOLDER = 987_654_300  # distinct integers no real id or value is


class Compiled:
    def __init__(self, build: Callable[..., QuerySet], arity: int) -> None:
        self.build, self.arity = build, arity
        self._compile = functools.cache(self._compile_for)

    def rows(self, *values: int, using: str = "default") -> list[list[Any]]:
        if len(values) != self.arity:
            raise TypeError(f"expected {self.arity} values, got {len(values)}")
        sql, template, compiler, converters = self._compile(using)
        params = [values[slot] if slot is not None else constant for slot, constant in template]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return list(compiler.apply_converters(rows, converters))
        return [list(row) for row in rows]

    def _compile_for(self, using: str):
        placeholders = [_PLACEHOLDER + n for n in range(self.arity)]
        query = self.build(*placeholders).using(using).query
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        template = [
            (placeholders.index(p), None) if p in placeholders else (None, p) for p in params
        ]
        used = {slot for slot, _ in template if slot is not None}
        if used != set(range(self.arity)):
            raise ValueError("every argument must reach the SQL as a parameter of its own")
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return sql, template, compiler, converters
