"""Finding the Japanese font the PDF embeds, on this machine, through fontconfig.

The PDF must render the same everywhere and no web font service is reachable (LGWAN), so the
style sheet points at an installed font file by absolute ``file://`` path.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Preferred families, best first: BIZ UDPGothic (proportional, as in municipal documents), then IPAex.
FAMILIES = ("BIZ UDPGothic", "BIZ UDGothic", "IPAexGothic")


class FontNotFoundError(RuntimeError):
    """No Japanese font is installed; the message says which package to install."""


@dataclass(frozen=True)
class ReportFont:
    regular: Path
    bold: Path | None

    def font_face_css(self, family: str = "ReportGothic") -> str:
        rules = [f'@font-face {{ font-family: "{family}"; src: url("{self.regular.as_uri()}"); }}']
        if self.bold is not None:
            bold = self.bold.as_uri()
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: bold; src: url("{bold}"); }}')
        return "\n".join(rules)


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


@functools.cache
def report_font() -> ReportFont:
    """The first installed family of :data:`FAMILIES`, with its bold face when there is one."""
    for family in FAMILIES:
        regular = _match(family)
        if regular is not None:
            bold = _match(f"{family}:bold")
            return ReportFont(regular, bold if bold != regular else None)
    raise FontNotFoundError(
        "PDF に埋め込む日本語フォントが見つかりません。fonts-morisawa-bizud-gothic(BIZ UDゴシック)"
        "または fonts-ipaexfont をインストールしてください。"
    )
