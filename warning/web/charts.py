"""Server-rendered SVG charts (no script, no CDN): stacked weekly bars and horizontal bars.
Every label is escaped; colours are presentation attributes, so the CSP needs no inline style."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from warning.core.stats import OTHERS, WeeklySeries

PALETTE = (
    "#1f5fbf",
    "#e8a33d",
    "#2e9d6a",
    "#c2473a",
    "#7a5cd6",
    "#1495a8",
    "#b8588c",
    "#6b8e23",
    "#8c6d46",
)
OTHER_COLOUR = "#b8c2cf"
INK = "#4a5566"
GRID = "#e6ebf1"


@dataclass(frozen=True)
class Chart:
    svg: Markup
    legend: list[tuple[str, str]]  # (colour, label)
    empty: bool


def _colours(keys: Sequence[str]) -> dict[str, str]:
    colours, position = {}, 0
    for key in keys:
        if key == OTHERS:
            colours[key] = OTHER_COLOUR
        else:
            colours[key] = PALETTE[position % len(PALETTE)]
            position += 1
    return colours


def _nice_max(value: int) -> int:
    if value <= 4:
        return 4
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(step * factor)
        if top >= value and top % 2 == 0:
            return top
    return value + value % 2


def stacked_weeks(
    data: WeeklySeries,
    label: Callable[[str], str],
    *,
    title: str,
    width: int = 560,
    height: int = 230,
) -> Chart:
    """One stacked bar per week; `label` names a key in the reader's language."""
    left, right, top, bottom = 34, 8, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(data.totals, default=0)
    scale_top = _nice_max(peak)
    colours = _colours(list(data.series))
    slot = plot_w / max(len(data.weeks), 1)
    bar = max(slot * 0.68, 2.0)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for tick in (0, scale_top // 2, scale_top):
        y = top + plot_h - plot_h * tick / scale_top
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{tick}</text>'
        )
    for i, week in enumerate(data.weeks):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for key, values in data.series.items():
            count = values[i]
            if not count:
                continue
            h = plot_h * count / scale_top
            base -= h
            tip = f"{week.isoformat()} · {label(key)}: {count}"
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colours[key]}"><title>{escape(tip)}</title></rect>'
            )
        if i % 2 == len(data.weeks) % 2 or len(data.weeks) <= 6:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" '
                f'font-size="10.5" fill="{INK}">{week:%m-%d}</text>'
            )
    parts.append("</svg>")
    legend = [(colours[key], label(key)) for key in data.series]
    return Chart(Markup("".join(parts)), legend, peak == 0)


def horizontal_bars(
    items: Sequence[tuple[str, int]], *, title: str, width: int = 560, row: int = 24
) -> Chart:
    """One bar per (label, value), largest first as given."""
    label_w, right = 170, 40
    height = max(row * len(items), row) + 6
    peak = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (name, value) in enumerate(items):
        y = 3 + i * row
        w = (width - label_w - right) * value / peak
        short = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row * 0.62:.1f}" text-anchor="end" '
            f'font-size="12" fill="{INK}">{escape(short)}<title>{escape(name)}</title></text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}" '
            f'rx="2" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row * 0.62:.1f}" font-size="12" '
            f'fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    return Chart(Markup("".join(parts)), [], not items)
