"""The 47 prefectures (都道府県) and the prefecture of a municipality, read off its 全国地方公共団体コード.

The first two digits of every code (JIS X 0401) name its prefecture, so no column stores it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prefecture:
    """One prefecture: its two-digit code (``"01"`` … ``"47"``) and its name."""

    code: str
    name: str


_NAMES = (  # noqa: SIM905 - one line per row of the 47 reads better than 47 lines
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 "
    "熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
PREFECTURES: tuple[Prefecture, ...] = tuple(
    Prefecture(f"{number:02d}", name) for number, name in enumerate(_NAMES, start=1)
)
_BY_CODE = {prefecture.code: prefecture for prefecture in PREFECTURES}


def prefecture_of(municipality_code: str) -> Prefecture | None:
    """The prefecture of a municipality's code (its first two digits); None when they name none."""
    return _BY_CODE.get(municipality_code[:2])


def prefecture(code: str) -> Prefecture | None:
    """The prefecture of a two-digit code (``"11"`` → 埼玉県); None when there is none."""
    return _BY_CODE.get(code)
