"""Writes that touch several rows, one module per part of the domain (STYLE.md:
keyword-only, typed, `<thing>_<verb>`, atomic, `full_clean()` before `save()`)."""
