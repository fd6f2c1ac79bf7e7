"""Query-string filters: a parameter sent empty is refused, not taken as "no filter"."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that refuses `?language=` (django-filter reads an empty value as
    "no filter", so a client's missing value would silently list everything). Leave a
    parameter out to mean "any"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.is_bound:
            return valid
        for name in self.filters:
            if "" in self.data.getlist(name, []):
                self.form.add_error(
                    name, _("Give a value, or leave “%(name)s” out for any.") % {"name": name}
                )
                valid = False
        return valid
