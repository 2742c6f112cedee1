"""Inline SVG charts for the HTML report: no script, no external asset, printable, text selectable.

A bar chart of record ages: one bar per age band, overdue bands drawn in the alert colour, the count
written above each bar so that the numbers survive printing in black and white.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 220
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 24, 40, 12


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    overdue: bool = False


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """An accessible SVG bar chart (`role="img"`, a title naming what it shows)."""
    if not bars:
        return ""
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - 2 * MARGIN_SIDE) / len(bars)
    tallest = max(bar.count for bar in bars) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{MARGIN_SIDE}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - MARGIN_SIDE}" '
        f'y2="{HEIGHT - MARGIN_BOTTOM}" class="axis"/>',
    ]
    for index, bar in enumerate(bars):
        height = plot_height * bar.count / tallest
        x = MARGIN_SIDE + index * slot + slot * 0.15
        y = HEIGHT - MARGIN_BOTTOM - height
        middle = x + slot * 0.35
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
            f'class="{"bar overdue" if bar.overdue else "bar"}"/>'
            f'<text x="{middle:.1f}" y="{y - 4:.1f}" class="count">{bar.count}</text>'
            f'<text x="{middle:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" class="label">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
