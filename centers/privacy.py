"""Masking of personal data (PIPL): shown in full only to a role that needs it."""


def mask_phone(phone: str) -> str:
    """138****1234 for a mobile; landlines keep the area code and last 4 digits."""
    if not phone:
        return ""
    digits = phone.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(number: str) -> str:
    """5101**********123X: the first 4 and last 4 characters."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
