"""Identity documents and age rules for volunteers (see DOMAIN.md, "Personal data").

A PRC resident ID (GB 11643-1999) is 17 digits and a check character: the
weighted sum of the digits mod 11 indexes "10X98765432". Digits 7–14 are the
birth date, digit 17 is odd for men. Passports and the permits of Hong Kong,
Macao and Taiwan residents follow other formats and carry no birth date.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# Provinces (GB/T 2260), and 81–83 for the residence permits of Hong Kong,
# Macao and Taiwan residents, which use the same 18-character format.
PROVINCE_CODES = frozenset(
    str(code)
    for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43)
    + (44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83)
)
RESIDENT_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
# The oldest birth date we accept: nobody registering today was born earlier.
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# National rules: volunteers are 18 or older, or 14–17 with a guardian's consent.
MINIMUM_AGE = 14
ADULT_AGE = 18


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("PRC resident ID card")
    PASSPORT = "passport", _("passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("travel permit for Taiwan residents")


class Gender(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


OTHER_PATTERNS = {
    IdType.PASSPORT: (
        re.compile(r"^[A-Z0-9]{5,17}$"),
        _("A passport number has 5 to 17 letters and digits."),
    ),
    IdType.HK_MACAO_PERMIT: (
        re.compile(r"^[HM]\d{8}(\d{2})?$"),
        _("A permit for Hong Kong and Macao residents is H or M followed by 8 or 10 digits."),
    ),
    IdType.TAIWAN_PERMIT: (
        re.compile(r"^\d{8}(\d{2})?$"),
        _("A permit for Taiwan residents has 8 or 10 digits."),
    ),
}


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str


def normalize(value: str) -> str:
    """Upper case without spaces: a lower-case x is accepted, stored as X."""
    return re.sub(r"\s+", "", value or "").upper()


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_resident_id(value: str, *, today: date) -> ResidentId:
    """The number, birth date and gender of a PRC resident ID; ValidationError if invalid."""
    number = normalize(value)
    if not RESIDENT_ID_PATTERN.match(number):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a digit or X."),
            code="id_format",
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("This ID number does not start with a province code."), code="id_region"
        )
    if number[17] != check_character(number[:17]):
        raise ValidationError(
            _("The check character of this ID number is wrong: please check every digit."),
            code="id_check",
        )
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in this ID number does not exist."), code="id_birth_date"
        ) from None
    if birth_date > today:
        raise ValidationError(
            _("The birth date in this ID number is in the future."), code="id_future"
        )
    if birth_date < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The birth date in this ID number is too long ago."), code="id_birth_date"
        )
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return ResidentId(number=number, birth_date=birth_date, gender=gender)


def validate_other_document(id_type: str, value: str) -> str:
    number = normalize(value)
    pattern, message = OTHER_PATTERNS[IdType(id_type)]
    if not pattern.match(number):
        raise ValidationError(message, code="id_format")
    return number


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


@dataclass(frozen=True)
class Identity:
    id_type: str
    number: str
    gender: str
    birth_date: date


def check_identity(
    *, id_type: str, number: str, gender: str | None, birth_date: date | None, today: date
) -> Identity:
    """Validate a document and what was entered beside it.

    For a resident ID, gender and birth date come from the number; when they were
    also entered they must agree with it. For other documents both must be given.
    Errors are raised per form field.
    """
    if id_type == IdType.RESIDENT_ID:
        try:
            resident = parse_resident_id(number, today=today)
        except ValidationError as error:
            raise ValidationError({"id_number": error}) from None
        errors = {}
        if birth_date and birth_date != resident.birth_date:
            errors["birth_date"] = ValidationError(
                _("This is not the birth date in the ID number."), code="birth_date_mismatch"
            )
        if gender and gender != resident.gender:
            errors["gender"] = ValidationError(
                _("This is not the gender the ID number gives."), code="gender_mismatch"
            )
        if errors:
            raise ValidationError(errors)
        return Identity(id_type, resident.number, resident.gender, resident.birth_date)

    errors = {}
    try:
        normalized = validate_other_document(id_type, number)
    except ValidationError as error:
        errors["id_number"] = error
    if not gender:
        errors["gender"] = ValidationError(
            _("Enter the gender: this document does not give it."), code="required"
        )
    if not birth_date:
        errors["birth_date"] = ValidationError(
            _("Enter the birth date: this document does not give it."), code="required"
        )
    elif birth_date > today:
        errors["birth_date"] = ValidationError(_("The birth date is in the future."), code="future")
    if errors:
        raise ValidationError(errors)
    return Identity(id_type, normalized, gender, birth_date)


def check_age(
    *,
    birth_date: date,
    today: date,
    guardian_name: str,
    guardian_phone: str,
    guardian_consent: bool,
) -> None:
    """Under 14: refused. 14–17: a guardian's name, phone and consent are required."""
    age = age_on(birth_date, today)
    if age < MINIMUM_AGE:
        raise ValidationError(
            {
                "birth_date": ValidationError(
                    _(
                        "Volunteers must be at least %(minimum)d years old; children under "
                        "%(minimum)d cannot register. They are welcome to take part with "
                        "their family."
                    ),
                    code="under_minimum_age",
                    params={"minimum": MINIMUM_AGE},
                )
            }
        )
    if age >= ADULT_AGE:
        return
    message = _("Required for a volunteer under %(adult)d.")
    errors = {
        field: ValidationError(message, code="guardian_required", params={"adult": ADULT_AGE})
        for field, given in (
            ("guardian_name", guardian_name),
            ("guardian_phone", guardian_phone),
            ("guardian_consent", guardian_consent),
        )
        if not given
    }
    if errors:
        raise ValidationError(errors)
