"""Token authentication at the cost of its query: DRF's ``TokenAuthentication``, whose
lookup (``Token.objects.select_related("user").get(key=key)``) is compiled by the ORM once
per process and database instead of on every request.

Compiling that query cost about 0.4 ms and building the token and member from it another
0.3 ms, against 0.07 ms for running it: a fifth of an API read's time (docs/performance.md).
Here the SQL is the ORM's own (compiled once, with the key as its only parameter) and the
member is built with ``Model.from_db`` from every column, as ``get`` builds it. A key
that finds no active member goes to DRF's own method, so the refusals (their messages,
their translations, their status) are DRF's."""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import F
from rest_framework import authentication
from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str):
        found = _member_and_token(key)
        if found is None or not found[0].is_active:
            return super().authenticate_credentials(key)  # raises DRF's refusal
        return found


def _member_and_token(key: str):
    user_model = get_user_model()
    alias = router.db_for_read(user_model)
    sql, names, compiler, converters = _lookup(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [key])
        rows = cursor.fetchall()
    if not rows:
        return None
    # The values as the ORM gives them (SQLite's text timestamps, 0/1 booleans).
    (*columns, created), *_ = compiler.apply_converters(rows, converters) if converters else rows
    user = user_model.from_db(alias, names, columns)
    token = Token.from_db(alias, ["key", "user_id", "created"], [key, user.pk, created])
    token.user = user
    return user, token


@functools.cache
def _lookup(alias: str):
    """The SQL selecting the member of a token (every column) and the token's creation
    time, the key its one parameter; the member's column names in its order; the
    compiler and the converters of its columns."""
    user_model = get_user_model()
    names = [field.attname for field in user_model._meta.concrete_fields]
    query = (
        user_model._default_manager.using(alias)
        .filter(auth_token__key="")
        .annotate(token_created=F("auth_token__created"))
        .values_list(*names, "token_created")
        .query
    )
    compiler = query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if list(params) != [""]:  # the key must be the one and only parameter
        raise RuntimeError(f"unexpected parameters {params!r} in the token lookup")
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return sql, names, compiler, converters
