"""Finding the Japanese fonts the PDF embeds, on this machine, through fontconfig.

The PDF must render the same everywhere and no web font service is reachable (LGWAN), so Typst
is given the folders of installed font files and embeds what it uses: the main font and a fallback
for the characters it lacks, such as rare kanji (𠮷) or the simplified Chinese characters that
PDF text extraction brings in (栏, 约).
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Preferred families, best first: BIZ UDPGothic (proportional, as in municipal documents), then IPAex.
FAMILIES = ("BIZ UDPGothic", "BIZ UDGothic", "IPAexGothic")
# Noto Sans CJK JP (fonts-noto-cjk) covers what the main fonts lack; it is used for those characters only.
FALLBACK_FAMILIES = ("Noto Sans CJK JP",)


class FontNotFoundError(RuntimeError):
    """No Japanese font is installed; the message says which package to install."""


@dataclass(frozen=True)
class FontFiles:
    """One installed family: its name and the files of its regular and (if any) bold faces."""

    family: str
    regular: Path
    bold: Path | None


@dataclass(frozen=True)
class ReportFont:
    """The main font and, when installed, the fallback."""

    main: FontFiles
    fallback: FontFiles | None

    @property
    def families(self) -> list[str]:
        """The family names, best first, as the PDF template asks for them."""
        return [found.family for found in (self.main, self.fallback) if found is not None]

    @property
    def folders(self) -> list[Path]:
        """The folders holding the font files (symbolic links resolved), for Typst to load."""
        files = [
            file
            for found in (self.main, self.fallback)
            if found is not None
            for file in (found.regular, found.bold)
            if file is not None
        ]
        return sorted({file.resolve().parent for file in files})


def _match(pattern: str) -> Path | None:
    """The file fontconfig picks for ``pattern``, if it really is that family."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}", pattern], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    family, _, file = found.partition("\t")
    wanted = pattern.split(":", 1)[0]
    if wanted not in family.split(",") or not file:
        return None  # fontconfig substituted another family: not the font we asked for
    return Path(file)


def _first_installed(families: tuple[str, ...]) -> FontFiles | None:
    """The first installed family of ``families``, with its bold face when there is one."""
    for family in families:
        regular = _match(family)
        if regular is not None:
            bold = _match(f"{family}:bold")
            return FontFiles(family, regular, bold if bold != regular else None)
    return None


@functools.cache
def report_font() -> ReportFont:
    """The main font (the first installed of :data:`FAMILIES`) and the fallback, if installed."""
    main = _first_installed(FAMILIES)
    if main is None:
        raise FontNotFoundError(
            "PDF に埋め込む日本語フォントが見つかりません。fonts-morisawa-bizud-gothic(BIZ UDゴシック)"
            "または fonts-ipaexfont をインストールしてください。"
        )
    return ReportFont(main, _first_installed(FALLBACK_FAMILIES))
