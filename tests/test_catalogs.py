"""The zh-hans catalog is complete and every catalog compiles."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGS = sorted(Path(settings.LOCALE_PATHS[0]).rglob("django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def entries(language):
    return polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES/django.po"))


def test_there_are_catalogs_for_both_languages():
    assert {path.parts[-3] for path in CATALOGS} == {"zh_Hans", "en"}


def test_every_chinese_string_is_translated_and_none_is_fuzzy():
    catalog = entries("zh_Hans")
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_translations_keep_their_placeholders(language):
    for entry in entries(language).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgstr:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, entry.msgid
        for translation in entry.msgstr_plural.values():
            plural = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            assert sorted(PLACEHOLDER.findall(translation)) in (expected, plural), entry.msgid


def test_every_catalog_compiles(capsys):
    call_command("compile_catalogs")
    assert "0 fuzzy" in capsys.readouterr().out


def test_django_filter_speaks_chinese(settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert (
            translation.gettext("Multiple values may be separated by commas.")
            == "多个值可以用逗号分隔。"
        )
