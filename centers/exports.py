"""One writer for every table Sanshe exports (as pretix's exporters do): a caller
gives a title, a few header lines (scope, period …), column names and an
iterable of rows; this writes CSV or XLSX.

CSV is UTF-8 with a byte-order mark so that Excel opens Chinese correctly.
XLSX is written row by row (openpyxl's write-only mode), so memory stays flat.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence]
    header_lines: Sequence[str] = field(default_factory=list)


def write_csv(table: Table, stream) -> None:
    stream.write("\ufeff")
    writer = csv.writer(stream)
    for line in (table.title, *table.header_lines):
        writer.writerow([line])
    writer.writerow([str(column) for column in table.columns])
    writer.writerows(table.rows)


def write_xlsx(table: Table, stream) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.title)[:31])
    for line in (table.title, *table.header_lines):
        sheet.append([str(line)])
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append(list(row))
    workbook.save(stream)


def render(table: Table, file_format: str) -> bytes:
    if file_format == "csv":
        text = io.StringIO()
        write_csv(table, text)
        return text.getvalue().encode("utf-8")
    if file_format == "xlsx":
        binary = io.BytesIO()
        write_xlsx(table, binary)
        return binary.getvalue()
    raise ValueError(f"Unknown export format: {file_format}")


def export_response(table: Table, *, filename: str, file_format: str) -> HttpResponse:
    """A download of the table; `filename` without extension, may be Chinese."""
    response = HttpResponse(render(table, file_format), content_type=CONTENT_TYPES[file_format])
    name = f"{filename}.{file_format}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.{file_format}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
