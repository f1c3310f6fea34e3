import pytest
from django.core.exceptions import ValidationError

from centers.validators import uscc_check_character, validate_phone, validate_uscc
from tests.factories import valid_uscc

# A civil-affairs code (5), social service agency (2), Jiulongpo (500107).
GOOD = "52500107" + "MJP12345" + "6"


def test_it_computes_the_gb32100_check_character():
    code = GOOD[:17] + uscc_check_character(GOOD[:17])
    validate_uscc(code)


@pytest.mark.parametrize("legal_form", ["social_group", "social_service_agency", "foundation"])
def test_generated_codes_validate(legal_form):
    validate_uscc(valid_uscc(legal_form))


def test_it_accepts_lower_case():
    validate_uscc(valid_uscc().lower())


def test_it_refuses_a_wrong_check_character():
    code = valid_uscc()
    wrong = "0" if code[-1] != "0" else "1"
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code[:17] + wrong)
    assert caught.value.code == "uscc_check"


@pytest.mark.parametrize("code", ["", "123", "5250010700000000I1", "52500107000000000O"])
def test_it_refuses_malformed_codes(code):
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code)
    assert caught.value.code == "uscc_format"


@pytest.mark.parametrize("phone", ["13812341234", "19912345678", "023-60000001", "0831-6000001"])
def test_it_accepts_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", ["12345678901", "1381234123", "138123412345", "phone", "+8613812341234"]
)
def test_it_refuses_bad_phones(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
