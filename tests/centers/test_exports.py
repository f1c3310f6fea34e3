import io
from datetime import date
from urllib.parse import unquote

from openpyxl import load_workbook

from centers.exports import Table, export_response

TABLE = Table(
    title="志愿者名册",
    header_lines=["范围：九龙街道", "期间：2026-01-01 至 2026-11-28"],
    columns=["姓名", "服务时长", "日期"],
    rows=[["王某001", 12.5, date(2026, 3, 1)], ["李某002", 3, date(2026, 4, 2)]],
)


def test_csv_starts_with_a_byte_order_mark_and_keeps_chinese():
    response = export_response(TABLE, filename="志愿者名册_九龙街道", file_format="csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff志愿者名册")
    assert "姓名,服务时长,日期" in body
    assert "王某001,12.5,2026-03-01" in body
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert unquote(response["Content-Disposition"]).endswith("志愿者名册_九龙街道.csv")


def test_xlsx_is_a_real_workbook_with_the_header_lines():
    response = export_response(TABLE, filename="roster", file_format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "志愿者名册"
    assert rows[1][0] == "范围：九龙街道"
    assert rows[3] == ("姓名", "服务时长", "日期")
    assert rows[4][:2] == ("王某001", 12.5)
    assert rows[4][2].date() == date(2026, 3, 1)
