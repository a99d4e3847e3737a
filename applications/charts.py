"""Server-rendered SVG charts for the officials' dashboard: plain Python, no Django, no script, no CDN.

Each function returns an <svg> string whose text is escaped; every bar carries its value and unit as
text and as a <title> (hover), so the chart reads without colour or a mouse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

PALETTE = ("#0969da", "#1a7f37", "#bf8700", "#cf222e", "#8250df", "#57606a")
FONT = "font-family=\"'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif\""


def _number(value: float) -> str:
    """A figure without needless decimals: 12, 3.5, 0.25."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int = 13, fill: str = "#1f2328"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
        f'dominant-baseline="middle">{escape(content)}</text>'
    )


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _truncate(label: str, width: int, size: int = 13) -> str:
    """The label cut to fit ``width`` pixels (a Chinese character is about ``size`` wide), with an ellipsis."""
    limit = max(int((width - 12) / size), 2)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def hbar(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str,
    width: int = 640,
    label_width: int = 170,
    bar_height: int = 22,
    color: str = PALETTE[0],
    value_text: Callable[[float], str] | None = None,
) -> str:
    """Horizontal bars, one per (label, value), each labelled with its value and unit."""
    show = value_text or (lambda v: f"{_number(v)} {unit}")
    gap = 8
    top = 8
    height = top * 2 + max(len(items), 1) * (bar_height + gap)
    plot = width - label_width - 110
    peak = max((v for _, v in items), default=0) or 1
    body: list[str] = []
    if not items:
        body.append(_text(width / 2, height / 2, "暂无数据", anchor="middle", fill="#57606a"))
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(plot * value / peak, 1 if value else 0)
        body.append(_text(label_width - 8, y + bar_height / 2, _truncate(label, label_width), anchor="end"))
        body.append(
            f'<rect class="bar" x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'rx="3" fill="{color}"><title>{escape(label)}:{escape(show(value))}</title></rect>'
        )
        body.append(_text(label_width + length + 6, y + bar_height / 2, show(value), size=12, fill="#57606a"))
    return _frame(width, height, title, body)


def grouped_hbar(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    unit: str,
    width: int = 640,
    label_width: int = 170,
    bar_height: int = 14,
) -> str:
    """Several bars per category (e.g. 申请金额 beside 批准金额), with a legend."""
    gap = 12
    legend = 26
    per = bar_height * len(series) + 2 * (len(series) - 1)
    height = legend + 8 + max(len(categories), 1) * (per + gap)
    plot = width - label_width - 120
    peak = max((v for _, values in series for v in values), default=0) or 1
    body: list[str] = []
    x = label_width
    for index, (name, _) in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        body.append(f'<rect x="{x}" y="6" width="12" height="12" rx="2" fill="{color}"/>')
        body.append(_text(x + 18, 12, name, size=12))
        x += 18 + 14 * len(name) + 24
    if not categories:
        body.append(_text(width / 2, height / 2 + legend / 2, "暂无数据", anchor="middle", fill="#57606a"))
    for row, label in enumerate(categories):
        y0 = legend + 8 + row * (per + gap)
        body.append(_text(label_width - 8, y0 + per / 2, _truncate(label, label_width), anchor="end"))
        for index, (name, values) in enumerate(series):
            value = values[row]
            y = y0 + index * (bar_height + 2)
            length = max(plot * value / peak, 1 if value else 0)
            color = PALETTE[index % len(PALETTE)]
            text = f"{_number(value)} {unit}"
            body.append(
                f'<rect class="bar" x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                f'rx="2" fill="{color}"><title>{escape(label)} · {escape(name)}:{escape(text)}</title></rect>'
            )
            body.append(_text(label_width + length + 6, y + bar_height / 2, text, size=11, fill="#57606a"))
    return _frame(width, height, title, body)
