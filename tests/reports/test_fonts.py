"""Finding the Japanese fonts to embed through fontconfig."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.reports import fonts


def test_it_finds_an_installed_japanese_font_file_with_its_bold_face() -> None:
    fonts.report_font.cache_clear()
    font = fonts.report_font()
    assert font.main.regular.is_file()
    assert font.main.regular.name.startswith(("BIZUD", "ipaex"))
    assert font.main.family in fonts.FAMILIES
    assert font.families[0] == font.main.family
    assert font.main.regular.resolve().parent in font.folders


def test_it_finds_the_fallback_for_characters_the_main_font_lacks() -> None:
    fonts.report_font.cache_clear()
    fallback = fonts.report_font().fallback
    assert fallback is not None, "fonts-noto-cjk is not installed"
    assert fallback.regular.is_file()
    assert fonts.report_font().families == [fonts.report_font().main.family, "Noto Sans CJK JP"]


def test_it_says_in_japanese_which_package_to_install_when_no_font_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fonts.report_font.cache_clear()
    monkeypatch.setattr(fonts, "_match", lambda pattern: None)
    with pytest.raises(fonts.FontNotFoundError, match="日本語フォントが見つかりません"):
        fonts.report_font()
    fonts.report_font.cache_clear()


def test_a_substituted_family_is_not_taken_for_the_font_asked_for() -> None:
    assert fonts._match("No Such Family Anywhere") is None
    found = fonts._match("BIZ UDPGothic")
    assert found is None or isinstance(found, Path)
