"""The dashboard as pages show it: its figures and the chart drawn from them. Shared by
the dashboard page and the admin index (through the `moderation_dashboard` tag)."""

from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import charts, selectors


def dashboard_context() -> dict:
    """The dashboard's figures and its chart. Callers check the reader is a moderator."""
    data = selectors.moderation_dashboard()
    chart = charts.bar_chart(
        days=[date_format(day, "MONTH_DAY_FORMAT") for day in data.days],
        series=[
            charts.Series(_("Flags"), data.flags_per_day, "chart-flags"),
            charts.Series(_("Decisions"), data.decisions_per_day, "chart-decisions"),
        ],
        title=_("Flags and decisions per day, last %(days)d days") % {"days": len(data.days)},
        description=_("%(flags)d flags and %(decisions)d decisions in %(days)d days.")
        % {
            "flags": sum(data.flags_per_day),
            "decisions": sum(data.decisions_per_day),
            "days": len(data.days),
        },
    )
    # Safe: the SVG is built from numbers and labels that charts.py escapes.
    return {"dashboard": data, "chart": mark_safe(chart)}
