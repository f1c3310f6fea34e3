"""Importing a volunteer roster from .xlsx or .csv: all rows or none.

Every row is validated as the forms validate a volunteer (`RosterRowForm` uses
the same ID, age and duplicate rules), plus duplicates inside the file and
against the database. A file with any bad row is refused whole, with a report
of every bad row (row number, column, reason); a good file is written in one
transaction. Excel's serial dates (45000 = 2023-03-15) are read as dates.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community
from centers.validators import validate_phone
from volunteers import crypto
from volunteers.forms import PersonChecksMixin
from volunteers.identity import Gender, IdType
from volunteers.models import Skill, Volunteer, volunteer_numbers
from volunteers.services.registration import CONSENT_TEXT
from volunteers.tallies import volunteers_added

MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10
BATCH = 1000
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its leap-year bug)
EXCEL_EPOCH_1904 = date(1904, 1, 1)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
SEPARATORS = re.compile(r"[,，、;；/\s]+")


@dataclass(frozen=True)
class Column:
    name: str
    headers: tuple[str, ...]
    required: bool = False


COLUMNS = [
    Column("name", ("姓名", "真实姓名", "name", "real name"), required=True),
    Column("id_type", ("证件类型", "id type")),
    Column("id_number", ("证件号码", "身份证号", "身份证号码", "id number"), required=True),
    Column("gender", ("性别", "gender")),
    Column("birth_date", ("出生日期", "birth date")),
    Column("phone", ("手机号码", "手机", "联系电话", "电话", "phone"), required=True),
    Column("community", ("社区", "所在社区", "community"), required=True),
    Column("skills", ("技能", "特长", "skills")),
    Column("registered_on", ("登记日期", "注册日期", "registered on")),
    Column("guardian_name", ("监护人姓名", "guardian's name", "guardian name")),
    Column("guardian_phone", ("监护人电话", "guardian's phone", "guardian phone")),
    Column("guardian_consent", ("监护人同意", "guardian's consent", "guardian consent")),
]
ID_TYPES = {
    "": IdType.RESIDENT_ID,
    "居民身份证": IdType.RESIDENT_ID,
    "身份证": IdType.RESIDENT_ID,
    "护照": IdType.PASSPORT,
    "港澳居民来往内地通行证": IdType.HK_MACAO_PERMIT,
    "回乡证": IdType.HK_MACAO_PERMIT,
    "台湾居民来往大陆通行证": IdType.TAIWAN_PERMIT,
    "台胞证": IdType.TAIWAN_PERMIT,
    **{value: value for value in IdType.values},
    **{str(label).lower(): value for value, label in IdType.choices},
}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE}
GENDERS |= {"male": Gender.MALE, "female": Gender.FEMALE}
YES = {"是", "同意", "有", "y", "yes", "1", "true", "√", "✓"}
NO = {"", "否", "不同意", "无", "n", "no", "0", "false"}


class RosterError(Exception):
    """The file as a whole cannot be read (format, header, size)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class RosterRow:
    row: int
    values: dict
    identity: object = None
    community: Community | None = None
    skills: list = field(default_factory=list)
    registered_on: date | None = None
    digest: str = ""


@dataclass
class RosterCheck:
    rows: list[RosterRow]
    errors: list[RowError]
    headers: dict[str, str]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


class RosterRowForm(PersonChecksMixin, forms.Form):
    """One row, validated as the forms validate a volunteer."""

    check_duplicates = False  # the whole file is checked at once

    name = forms.CharField(max_length=50)
    id_type = forms.ChoiceField(choices=IdType.choices)
    id_number = forms.CharField(max_length=32)
    gender = forms.ChoiceField(choices=Gender.choices, required=False)
    birth_date = forms.DateField(required=False)
    phone = forms.CharField(max_length=20, validators=[validate_phone])
    guardian_name = forms.CharField(max_length=50, required=False)
    guardian_phone = forms.CharField(max_length=20, required=False, validators=[validate_phone])
    guardian_consent = forms.BooleanField(required=False)

    def __init__(self, data, *, today: date):
        super().__init__(data)
        self.today = today
        self.identity = None

    def clean(self):
        super().clean()
        self.identity = self.check_person(today=self.today)
        return self.cleaned_data


# --- Reading the file -------------------------------------------------------


def read_rows(content: bytes, filename: str):
    """The date system's day 0 and an iterator of (spreadsheet row number, cells)
    over every row, from .xlsx or .csv."""
    name = filename.lower()
    if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise RosterError(
                _("This file cannot be read as an Excel workbook (.xlsx).")
            ) from error
        epoch = EXCEL_EPOCH_1904 if workbook.epoch.year == 1904 else EXCEL_EPOCH
        return epoch, _xlsx_rows(workbook)
    if name.endswith(".csv"):
        return EXCEL_EPOCH, _csv_rows(content)
    raise RosterError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


def _xlsx_rows(workbook):
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(_("The CSV file is neither UTF-8 nor GBK text."))
    # newline="": the reader itself splits the lines, so a line break inside a
    # quoted cell stays in the cell (the csv module's rule for files).
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise RosterError(
            _(
                "This file cannot be read as CSV from line %(line)d on: a quote or a "
                "line break out of place, or a cell too long."
            )
            % {"line": reader.line_num}
        ) from error


def find_header(rows) -> tuple[int, dict[str, int], dict[str, str], object]:
    """The header row among the first rows: the one naming the most known columns."""
    lookup = {header.lower(): column for column in COLUMNS for header in column.headers}
    for seen, (number, cells) in enumerate(rows, start=1):
        positions, labels = {}, {}
        for index, cell in enumerate(cells):
            text = str(cell or "").strip().rstrip("*＊").strip()
            column = lookup.get(text.lower())
            if column and column.name not in positions:
                positions[column.name] = index
                labels[column.name] = text
        if len(positions) >= 2:
            missing = [c.headers[0] for c in COLUMNS if c.required and c.name not in positions]
            if missing:
                raise RosterError(
                    _("The header row %(row)d lacks the columns: %(columns)s.")
                    % {"row": number, "columns": "、".join(missing)}
                )
            return number, positions, labels, rows
        if seen >= HEADER_SEARCH_ROWS:
            break
    raise RosterError(
        _("No header row found. The first row should name the columns, e.g. %(columns)s.")
        % {"columns": "、".join(c.headers[0] for c in COLUMNS)}
    )


# --- Converting cells ---------------------------------------------------------


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def as_date(value, epoch=EXCEL_EPOCH) -> date | None:
    """A date from a date cell, an Excel serial number (also as text) or a date text."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, epoch)
    text = str(value).strip()
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        return _serial(float(text), epoch)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Not a date: write it as 2024-03-01."))


def _serial(number: float, epoch: date) -> date:
    if not 1 <= number < 2958466:  # Excel's dates end on 9999-12-31
        raise ValidationError(_("Not a date: write it as 2024-03-01."))
    return epoch + timedelta(days=int(number))


def as_id_number(value, id_type: str) -> str:
    if isinstance(value, int | float) and id_type == IdType.RESIDENT_ID:
        raise ValidationError(
            _(
                "The ID number is stored as a number, and Excel keeps only 15 digits of "
                "it: format the column as text and enter the numbers again."
            )
        )
    return as_text(value)


def as_yes_no(value) -> bool:
    text = as_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("Write 是 (yes) or 否 (no)."))


# --- Checking -----------------------------------------------------------------


class RosterChecker:
    """Checks every row of a file for import into `center`."""

    def __init__(self, *, center: Center, today: date | None = None):
        self.center = center
        self.today = today or timezone.localdate()
        self.communities = {c.name: c for c in Community.objects.filter(street=center.street_id)}
        self.skills = {}
        for skill in Skill.objects.all():
            self.skills[skill.name] = skill
            if skill.name_en:
                self.skills[skill.name_en.lower()] = skill

    def check(self, content: bytes, filename: str) -> RosterCheck:
        self.epoch, rows = read_rows(content, filename)
        _row, positions, labels, rows = find_header(rows)
        checked, errors, digests = [], [], {}
        for number, cells in rows:
            if not any(as_text(cell) for cell in cells):
                continue
            if len(checked) >= MAX_ROWS:
                raise RosterError(
                    _("A roster has at most %(max)d rows; split the file.") % {"max": MAX_ROWS}
                )
            raw = {
                name: cells[index] if index < len(cells) else None
                for name, index in positions.items()
            }
            row, row_errors = self.check_row(number, raw, labels)
            if row is not None:
                first = digests.setdefault(row.digest, number)
                if first != number:
                    row_errors.append(
                        RowError(
                            number,
                            labels["id_number"],
                            _("The same ID number is already in row %(row)d of this file.")
                            % {"row": first},
                        )
                    )
                checked.append(row)
            errors.extend(row_errors)
        if not checked and not errors:
            raise RosterError(_("The file has a header but no volunteers."))
        errors.extend(self.duplicates_in_database(checked, labels))
        errors.sort(key=lambda error: error.row)
        return RosterCheck(rows=checked, errors=errors, headers=labels)

    def check_row(self, number: int, raw: dict, labels: dict):
        errors = []

        def fail(column, error):
            for message in getattr(error, "messages", [str(error)]):
                errors.append(RowError(number, labels.get(column, column), message))

        data = {name: as_text(raw.get(name)) for name in ("name", "phone", "guardian_name")}
        data["guardian_phone"] = as_text(raw.get("guardian_phone"))
        id_type = ID_TYPES.get(as_text(raw.get("id_type")).lower())
        if id_type is None:
            fail("id_type", ValidationError(_("Unknown ID type.")))
            id_type = IdType.RESIDENT_ID
        data["id_type"] = id_type
        gender_text = as_text(raw.get("gender")).lower()
        data["gender"] = GENDERS.get(gender_text, gender_text)
        for name, convert in (
            ("id_number", lambda value: as_id_number(value, id_type)),
            ("birth_date", lambda value: as_date(value, self.epoch)),
            ("guardian_consent", as_yes_no),
        ):
            try:
                data[name] = convert(raw.get(name))
            except ValidationError as error:
                fail(name, error)
        try:
            registered_on = as_date(raw.get("registered_on"), self.epoch) or self.today
            if registered_on > self.today:
                raise ValidationError(_("This date is in the future."))
        except ValidationError as error:
            fail("registered_on", error)
            registered_on = None
        community = self.communities.get(as_text(raw.get("community")))
        if community is None:
            fail(
                "community",
                ValidationError(
                    _("Not a community of %(street)s.") % {"street": self.center.street}
                ),
            )
        skills = []
        for word in SEPARATORS.split(as_text(raw.get("skills"))):
            if not word:
                continue
            skill = self.skills.get(word) or self.skills.get(word.lower())
            if skill is None:
                fail("skills", ValidationError(_("Unknown skill: %(skill)s.") % {"skill": word}))
            else:
                skills.append(skill)

        form = RosterRowForm(data, today=self.today)
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    errors.append(RowError(number, labels.get(name, _("row")), message))
        if form.is_valid() and form.identity is not None:
            identity = form.identity
            row = RosterRow(
                row=number,
                values=form.cleaned_data,
                identity=identity,
                community=community,
                skills=skills,
                registered_on=registered_on,
                digest=crypto.digest(identity.id_type, identity.number),
            )
            return row, errors
        return None, errors

    def duplicates_in_database(self, rows: list[RosterRow], labels) -> list[RowError]:
        by_digest = {row.digest: row for row in rows}
        digests = list(by_digest)
        errors = []
        for start in range(0, len(digests), BATCH):
            existing = Volunteer.objects.filter(
                id_number_digest__in=digests[start : start + BATCH]
            ).select_related("center")
            for volunteer in existing:
                row = by_digest[volunteer.id_number_digest]
                errors.append(
                    RowError(
                        row.row,
                        labels["id_number"],
                        _("Already registered as %(volunteer)s (%(center)s).")
                        % {"volunteer": volunteer, "center": volunteer.center},
                    )
                )
        return errors


# --- Writing ------------------------------------------------------------------


@transaction.atomic
def roster_import(
    *, content: bytes, filename: str, center: Center, user: AbstractBaseUser
) -> list[Volunteer]:
    """Check the file again and write every row, or raise RosterRefused with the report."""
    result = RosterChecker(center=center).check(content, filename)
    if not result.ok:
        raise RosterRefused(result)
    now = timezone.now()
    consent_text = str(CONSENT_TEXT)
    numbers = volunteer_numbers(len(result.rows))
    volunteers = []
    for row, number in zip(result.rows, numbers, strict=True):
        values, identity = row.values, row.identity
        volunteer = Volunteer(
            volunteer_no=number,
            name=values["name"],
            gender=identity.gender,
            birth_date=identity.birth_date,
            phone=values["phone"],
            community=row.community,
            center=center,
            consent_source=Volunteer.ConsentSource.PAPER,
            consent_at=now,
            consent_text=consent_text,
            guardian_name=values["guardian_name"],
            guardian_phone=values["guardian_phone"],
            guardian_consent_at=now if values["guardian_consent"] else None,
            status=Volunteer.Status.ACTIVE,
            reviewed_by=user,
            reviewed_at=now,
            registered_on=row.registered_on,
        )
        volunteer.set_id_number(identity.id_type, identity.number)
        volunteers.append(volunteer)
    created = []
    for start in range(0, len(volunteers), BATCH):
        created += bulk_create_with_history(
            volunteers[start : start + BATCH], Volunteer, default_user=user
        )
    links = [
        Volunteer.skills.through(volunteer_id=volunteer.pk, skill_id=skill.pk)
        for volunteer, row in zip(created, result.rows, strict=True)
        for skill in {skill.pk: skill for skill in row.skills}.values()
    ]
    Volunteer.skills.through.objects.bulk_create(links, batch_size=BATCH)
    volunteers_added(volunteer.pk for volunteer in created)
    return created


class RosterRefused(Exception):
    def __init__(self, result: RosterCheck):
        super().__init__(f"{result.bad_rows} bad rows")
        self.result = result


TEMPLATE_HELP = gettext_lazy(
    "The first row names the columns: 姓名, 证件类型, 证件号码, 性别, 出生日期, 手机号码, "
    "社区, 技能, 登记日期, 监护人姓名, 监护人电话, 监护人同意. 姓名, 证件号码, 手机号码 and "
    "社区 are required; 证件类型 defaults to 居民身份证. Format the ID number column as text."
)
