"""Exports of a filtered list of applications: .xlsx (openpyxl) and .csv (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
import io

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .models import Application
from .selectors import export_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value):
    """Neutralise spreadsheet formulas in text cells (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(applications: QuerySet[Application]) -> bytes:
    """The list as CSV, UTF-8 with a BOM so Excel reads the Chinese correctly."""
    header, rows = export_rows(applications)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(applications: QuerySet[Application]) -> bytes:
    """The list as an Excel workbook."""
    header, rows = export_rows(applications)
    book = Workbook()
    sheet = book.active
    sheet.title = "申报列表"
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) * 2 + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(applications: QuerySet[Application], fmt: str) -> HttpResponse:
    """A download of the list in ``fmt`` (xlsx or csv)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        resp = HttpResponse(to_csv(applications), content_type="text/csv; charset=utf-8")
    else:
        resp = HttpResponse(to_xlsx(applications), content_type=XLSX_TYPE)
    filename = f"applications-{stamp}.{fmt}"
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp
