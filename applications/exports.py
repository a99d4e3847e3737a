"""Exports: lists of applications and the dashboard's tables as .xlsx (openpyxl) or .csv (UTF-8 with
BOM for Excel); text cells that look like formulas are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .models import Application
from .selectors import export_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (title, header, rows): one sheet of a workbook, one section of a CSV.
Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def _safe(value):
    """Neutralise spreadsheet formulas in text cells (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def tables_csv(tables: Sequence[Table]) -> bytes:
    """Tables as CSV, UTF-8 with a BOM; with several, each starts with its title and a blank line parts them."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, (title, header, rows) in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([title])
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Tables as an Excel workbook, one sheet each."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in tables:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([_safe(v) for v in row])
        for index, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) * 2 + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(applications: QuerySet[Application]) -> bytes:
    """The list as CSV, UTF-8 with a BOM so Excel reads the Chinese correctly."""
    header, rows = export_rows(applications)
    return tables_csv([("申报列表", header, rows)])


def to_xlsx(applications: QuerySet[Application]) -> bytes:
    """The list as an Excel workbook."""
    header, rows = export_rows(applications)
    return tables_xlsx([("申报列表", header, rows)])


def download(tables: Sequence[Table], fmt: str, stem: str) -> HttpResponse:
    """A download of the tables in ``fmt`` (xlsx or csv), named ``stem-YYYYmmdd-HHMM``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        resp = HttpResponse(tables_csv(tables), content_type="text/csv; charset=utf-8")
    else:
        fmt = "xlsx"
        resp = HttpResponse(tables_xlsx(tables), content_type=XLSX_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{fmt}"'
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp


def response(applications: QuerySet[Application], fmt: str) -> HttpResponse:
    """A download of the list in ``fmt`` (xlsx or csv)."""
    header, rows = export_rows(applications)
    return download([("申报列表", header, rows)], fmt, "applications")
