"""Importing a roster from .xlsx or .csv: a preview, then all rows or none, with
a report of every bad row (row number, column, reason)."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import client_for
from tests.factories import CommunityFactory, VolunteerFactory, valid_id_number
from volunteers.models import Volunteer
from volunteers.roster import RosterChecker, as_date

URL = "admin:volunteers_volunteer_import"
HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "手机号码",
    "社区",
    "技能",
    "登记日期",
]


@pytest.fixture
def caiyunhu(world):
    return CommunityFactory(street=world.s1, name="彩云湖社区")


def person(name="王某一", **overrides):
    row = {
        "姓名": name,
        "证件类型": "居民身份证",
        "证件号码": valid_id_number(date(1970, 1, 2)),
        "性别": "女",
        "出生日期": None,
        "手机号码": "13812345678",
        "社区": "彩云湖社区",
        "技能": "文艺表演、法律咨询",
        "登记日期": 45000,  # an Excel serial number: 2023-03-15
    }
    row.update(overrides)
    return row


def xlsx(rows, header=HEADER, title=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(HEADER)]
    lines += [",".join("" if row.get(c) is None else str(row[c]) for c in HEADER) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client, content, world, name="名册.xlsx"):
    return client.post(
        reverse(URL), {"file": SimpleUploadedFile(name, content), "center": world.a.pk}
    )


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


def test_a_good_roster_is_previewed_then_imported(world, caiyunhu):
    rows = [person("王某一"), person("李某二", 性别="男", 证件号码=valid_id_number(male=True))]
    client = client_for(world.staff_a)
    preview = upload(client, xlsx(rows, title="九龙街道志愿者名册"), world)
    assert preview.status_code == 200
    assert "所有行均有效" in preview.text
    assert not Volunteer.objects.exists()  # nothing before the confirmation
    for row in rows:
        assert row["证件号码"] not in preview.text  # the preview is masked
    assert "138****5678" in preview.text

    response = client.post(reverse(URL), {"token": token_of(preview)})
    assert response.status_code == 302
    imported = Volunteer.objects.order_by("volunteer_no")
    assert [v.name for v in imported] == ["王某一", "李某二"]
    first = imported[0]
    assert first.status == "active" and first.center == world.a
    assert first.registered_on == date(2023, 3, 15)
    assert first.consent_source == "paper"
    assert first.reveal_id_number() == rows[0]["证件号码"]
    assert set(first.skills.values_list("name", flat=True)) == {"文艺表演", "法律咨询"}
    assert first.history.get().history_user == world.staff_a


def test_one_bad_row_refuses_the_whole_file(world, caiyunhu):
    number = valid_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    existing = VolunteerFactory(center=world.b)
    twice = valid_id_number()
    rows = [
        person("王某一"),  # row 2: good
        person("李某二", 证件号码=wrong),  # row 3: check character
        person("张某三", 证件号码=twice),  # row 4: good, but see row 5
        person("刘某四", 证件号码=twice),  # row 5: duplicate inside the file
        person("陈某五", 证件号码=existing.reveal_id_number()),  # row 6: already registered
        person("", 证件号码=valid_id_number()),  # row 7: no name
        person("杨某七", 手机号码="12345", 证件号码=valid_id_number()),  # row 8: bad phone
        person("黄某八", 社区="不存在社区", 证件号码=valid_id_number()),  # row 9: unknown community
    ]
    client = client_for(world.staff_a)
    response = upload(client, xlsx(rows), world)
    assert response.status_code == 200
    assert "未导入任何数据" in response.text
    assert 'name="token"' not in response.text  # nothing to confirm
    report = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", response.text)
    reasons = {(int(row), column): reason for row, column, reason in report}
    assert "校验位不正确" in reasons[(3, "证件号码")]
    assert "第 4 行已有相同的证件号码" in reasons[(5, "证件号码")]
    assert existing.volunteer_no in reasons[(6, "证件号码")]
    assert "必填" in reasons[(7, "姓名")]
    assert "11 位手机号" in reasons[(8, "手机号码")]
    assert "不是一号街道的社区" in reasons[(9, "社区")]
    assert {row for row, _column in reasons} == {3, 5, 6, 7, 8, 9}
    assert Volunteer.objects.count() == 1  # only the one registered before


def test_a_confirmation_is_refused_whole_when_the_database_changed(world, caiyunhu):
    rows = [person("王某一"), person("李某二", 证件号码=valid_id_number())]
    client = client_for(world.staff_a)
    preview = upload(client, xlsx(rows), world)
    VolunteerFactory(center=world.a, id_number=rows[1]["证件号码"])  # registered meanwhile
    response = client.post(reverse(URL), {"token": token_of(preview)})
    assert response.status_code == 200
    assert "未导入任何数据" in response.text
    assert Volunteer.objects.count() == 1


def test_an_id_number_stored_as_a_number_is_explained(world, caiyunhu):
    rows = [person(证件号码=510104197001021234)]
    response = upload(client_for(world.staff_a), xlsx(rows), world)
    assert "Excel 只保留 15 位有效数字" in response.text


def test_excel_dates_in_all_their_forms(world, caiyunhu):
    checker = RosterChecker(center=world.a)
    checker.epoch = date(1899, 12, 30)
    assert as_date(45000) == date(2023, 3, 15)
    assert as_date(45000.0) == date(2023, 3, 15)
    assert as_date("45000") == date(2023, 3, 15)
    assert as_date(date(2023, 3, 15)) == date(2023, 3, 15)
    for text in ("2023-03-15", "2023/3/15", "2023.03.15", "2023年3月15日", "20230315"):
        assert as_date(text) == date(2023, 3, 15), text
    assert as_date(1, epoch=date(1904, 1, 1)) == date(1904, 1, 2)


def test_a_passport_row_takes_its_birth_date_from_a_serial_number(world, caiyunhu):
    rows = [person(证件类型="护照", 证件号码="E12345678", 出生日期=32874, 性别="男")]  # 1990-01-01
    client = client_for(world.staff_a)
    preview = upload(client, xlsx(rows), world)
    assert "所有行均有效" in preview.text
    client.post(reverse(URL), {"token": token_of(preview)})
    volunteer = Volunteer.objects.get()
    assert (volunteer.id_type, volunteer.birth_date, volunteer.gender) == (
        "passport",
        date(1990, 1, 1),
        "M",
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_roster_in_utf8_or_gbk(world, caiyunhu, encoding):
    rows = [person("王某一", 登记日期="2024-05-01")]
    client = client_for(world.staff_a)
    preview = upload(client, csv_bytes(rows, encoding), world, name="名册.csv")
    assert "所有行均有效" in preview.text, preview.text
    client.post(reverse(URL), {"token": token_of(preview)})
    assert Volunteer.objects.get().registered_on == date(2024, 5, 1)


def test_a_file_without_the_required_columns_is_refused(world, caiyunhu):
    content = xlsx([person()], header=["姓名", "证件号码"])
    response = upload(client_for(world.staff_a), content, world)
    assert "缺少以下列" in response.text and "手机号码" in response.text


def test_a_file_that_is_not_a_roster_is_refused(world, caiyunhu):
    response = upload(client_for(world.staff_a), b"not a spreadsheet", world, name="x.xls")
    assert "请上传 Excel 工作簿" in response.text
    response = upload(client_for(world.staff_a), b"PK\x03\x04broken", world, name="x.xlsx")
    assert "无法将该文件作为 Excel 工作簿" in response.text


def test_an_expired_or_foreign_token_imports_nothing(world, caiyunhu):
    preview = upload(client_for(world.staff_a), xlsx([person()]), world)
    other = client_for(world.director_a).post(reverse(URL), {"token": token_of(preview)})
    assert other.status_code == 302  # back to the upload, with a message
    assert not Volunteer.objects.exists()


def test_only_the_users_centers_can_receive_a_roster(world, caiyunhu):
    response = client_for(world.staff_a).post(
        reverse(URL), {"file": SimpleUploadedFile("r.xlsx", xlsx([person()])), "center": world.c.pk}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.text


def test_a_street_leader_cannot_import(world):
    assert client_for(world.leader_s1).get(reverse(URL)).status_code == 403


def test_the_page_is_linked_from_the_list(world):
    page = client_for(world.staff_a).get(reverse("admin:volunteers_volunteer_changelist"))
    assert reverse(URL) in page.text


def test_a_csv_file_with_a_stray_line_break_is_refused_with_its_rows(world, caiyunhu):
    # A bare carriage return in an unquoted cell ends the line there: the row is
    # cut in two, and the report says what its halves lack.
    content = csv_bytes([person(name="王某\r一")])
    response = upload(client_for(world.staff_a), content, world, name="名册.csv")
    assert response.status_code == 200
    assert "未导入任何数据" in response.text
    assert 'name="token"' not in response.text
    assert Volunteer.objects.count() == 0


def test_a_csv_file_the_reader_gives_up_on_is_refused_clearly(world, caiyunhu):
    # The csv module refuses a cell over 131,072 characters.
    huge = (",".join(HEADER) + "\r\n" + "王" * 200_000 + ",1\r\n").encode("utf-8")
    response = upload(client_for(world.staff_a), huge, world, name="名册.csv")
    assert response.status_code == 200
    assert "CSV" in response.text and "2" in response.text
    assert Volunteer.objects.count() == 0
