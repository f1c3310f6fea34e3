"""The ID rules (GB 11643-1999) and the age rules, as every form applies them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories import valid_id_number
from volunteers.identity import (
    check_age,
    check_character,
    check_identity,
    parse_resident_id,
)

TODAY = date(2026, 11, 28)


def codes(error: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_a_known_number_has_the_right_check_character():
    # The textbook example of GB 11643: 11010519491231002 → X.
    assert check_character("11010519491231002") == "X"


def test_a_valid_number_gives_birth_date_and_gender():
    number = valid_id_number(date(1990, 3, 7), male=True)
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.birth_date == date(1990, 3, 7)
    assert parsed.gender == "M"


def test_a_lower_case_x_is_accepted_and_stored_upper_case():
    parsed = parse_resident_id("11010519491231002x", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.gender == "F"


def test_spaces_are_ignored():
    assert parse_resident_id(" 110105 19491231 002X ", today=TODAY).number == "11010519491231002X"


def test_a_wrong_check_character_is_refused():
    number = valid_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        parse_resident_id(wrong, today=TODAY)
    assert refused.value.code == "id_check"


@pytest.mark.parametrize(
    "value", ["51010419900307123", "5101041990030712345", "5101041990030712A4"]
)
def test_a_malformed_number_is_refused(value):
    with pytest.raises(ValidationError) as refused:
        parse_resident_id(value, today=TODAY)
    assert refused.value.code == "id_format"


def test_an_impossible_birth_date_is_refused():
    first17 = "51010419900230123"  # 30 February
    with pytest.raises(ValidationError) as refused:
        parse_resident_id(first17 + check_character(first17), today=TODAY)
    assert refused.value.code == "id_birth_date"


def test_a_future_birth_date_is_refused():
    first17 = "51010420270101123"
    with pytest.raises(ValidationError) as refused:
        parse_resident_id(first17 + check_character(first17), today=TODAY)
    assert refused.value.code == "id_future"


def test_a_number_without_a_province_code_is_refused():
    first17 = "99010419900307123"
    with pytest.raises(ValidationError) as refused:
        parse_resident_id(first17 + check_character(first17), today=TODAY)
    assert refused.value.code == "id_region"


def test_entered_gender_and_birth_date_must_agree_with_the_number():
    number = valid_id_number(date(1990, 3, 7), male=False)
    with pytest.raises(ValidationError) as refused:
        check_identity(
            id_type="resident_id",
            number=number,
            gender="M",
            birth_date=date(1990, 3, 8),
            today=TODAY,
        )
    assert codes(refused.value) == {
        "birth_date": ["birth_date_mismatch"],
        "gender": ["gender_mismatch"],
    }


def test_gender_and_birth_date_come_from_the_number_when_not_entered():
    number = valid_id_number(date(1975, 12, 1), male=True)
    identity = check_identity(
        id_type="resident_id", number=number, gender=None, birth_date=None, today=TODAY
    )
    assert (identity.gender, identity.birth_date) == ("M", date(1975, 12, 1))


def test_other_documents_need_gender_and_birth_date():
    with pytest.raises(ValidationError) as refused:
        check_identity(
            id_type="passport", number="E12345678", gender=None, birth_date=None, today=TODAY
        )
    assert set(codes(refused.value)) == {"gender", "birth_date"}


@pytest.mark.parametrize(
    ("id_type", "number", "valid"),
    [
        ("passport", "e12345678", True),
        ("passport", "E1", False),
        ("hk_macao_permit", "H12345678", True),
        ("hk_macao_permit", "X12345678", False),
        ("taiwan_permit", "12345678", True),
        ("taiwan_permit", "1234567", False),
    ],
)
def test_other_documents_follow_their_own_format(id_type, number, valid):
    def check():
        return check_identity(
            id_type=id_type, number=number, gender="F", birth_date=date(1990, 1, 1), today=TODAY
        )

    if valid:
        assert check().number == number.upper()
    else:
        with pytest.raises(ValidationError):
            check()


def test_under_14_is_refused_even_with_a_guardian():
    with pytest.raises(ValidationError) as refused:
        check_age(
            birth_date=date(2012, 11, 29),  # 13 until tomorrow
            today=TODAY,
            guardian_name="王某",
            guardian_phone="13800000000",
            guardian_consent=True,
        )
    assert codes(refused.value) == {"birth_date": ["under_minimum_age"]}


def test_14_to_17_needs_a_guardians_name_phone_and_consent():
    with pytest.raises(ValidationError) as refused:
        check_age(
            birth_date=date(2012, 11, 28),  # 14 today
            today=TODAY,
            guardian_name="",
            guardian_phone="",
            guardian_consent=False,
        )
    assert set(codes(refused.value)) == {"guardian_name", "guardian_phone", "guardian_consent"}


def test_14_to_17_with_a_guardian_may_register():
    check_age(
        birth_date=date(2009, 11, 29),  # 17, 18 tomorrow
        today=TODAY,
        guardian_name="王某",
        guardian_phone="13800000000",
        guardian_consent=True,
    )


def test_18_needs_no_guardian():
    check_age(
        birth_date=date(2008, 11, 28),
        today=TODAY,
        guardian_name="",
        guardian_phone="",
        guardian_consent=False,
    )
