"""A small bar chart drawn on the server as SVG, so the dashboard needs no chart library,
no CDN and no script (the page's CSP forbids inline script anyway). Pure: no Django;
every label arrives already translated and is escaped here."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 180
LEFT = 32  # room for the scale
BOTTOM = 22  # room for the dates
TOP = 10


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    css_class: str  # the fill comes from the stylesheet (CSP forbids inline styles)


def _nice_max(value: int) -> int:
    """A round top for the scale: 1, 2, 5, 10, 20, 50, …"""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(*, days: list[str], series: list[Series], title: str, description: str) -> str:
    """Grouped bars, one group per day. `days` are the labels of the x axis (the first,
    the middle and the last are printed); every series has one value per day."""
    if any(len(s.values) != len(days) for s in series):
        raise ValueError("every series needs one value per day")
    top = _nice_max(max((v for s in series for v in s.values), default=0))
    plot_w = WIDTH - LEFT - 4
    plot_h = HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(days), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    # The scale: the top value and zero, with faint grid lines.
    for value in (0, top // 2 if top > 1 else None, top):
        if value is None:
            continue
        y = TOP + plot_h - plot_h * value / top
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 4}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-scale" x="{LEFT - 4}" y="{y + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for index, day in enumerate(days):
        x0 = LEFT + index * group_w + group_w * 0.1
        for n, s in enumerate(series):
            value = s.values[index]
            if not value:
                continue
            h = plot_h * value / top
            x = x0 + n * bar_w
            y = TOP + plot_h - h
            parts.append(
                f'<rect class="{escape(s.css_class)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(day)}: '
                f"{escape(s.label)} {value}</title></rect>"
            )
    if days:
        for index in sorted({0, len(days) // 2, len(days) - 1}):
            x = LEFT + index * group_w + group_w / 2
            anchor = "start" if index == 0 else "end" if index == len(days) - 1 else "middle"
            parts.append(
                f'<text class="chart-day" x="{x:.1f}" y="{HEIGHT - 6}" '
                f'text-anchor="{anchor}">{escape(days[index])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
