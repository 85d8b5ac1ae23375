"""Invented municipalities for the national dataset: valid 全国地方公共団体コード spread over the 47
prefectures, and names that no real city has.

A code's first two digits are its prefecture (:mod:`shinchoku.core.prefectures`), the next three
its number in the prefecture (市 from 201, 町 and 村 from 301, as the real numbering does) and the
last its check digit (:func:`shinchoku.core.local_government_code.check_digit`). Every prefecture
gets at least one municipality (when there are 47 or more); the rest are spread in proportion to
how many municipalities each prefecture roughly has, so 北海道 gets the most. Names join an
invented word (hiragana) with a landform (台, 野 …) and 市/町/村; they are unique in the dataset.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from shinchoku.core.local_government_code import check_digit
from shinchoku.core.prefectures import PREFECTURES

# Roughly how many municipalities each prefecture has (01 北海道 … 47 沖縄県), summing to about
# 1,741: only used as weights for the spread.
PREFECTURE_WEIGHTS = (
    179, 40, 33, 35, 25, 35, 59, 44, 25, 35, 63, 54, 62, 33, 30, 15, 19, 17, 27, 77, 42, 35, 54, 29,
    19, 26, 43, 41, 39, 30, 19, 19, 27, 23, 19, 24, 17, 20, 34, 60, 20, 21, 45, 18, 26, 43, 41,
)  # fmt: skip
MAX_MUNICIPALITIES = 1741
# Invented words: none of them, joined with a landform below, is a real municipality's name.
WORDS = (
    "そよかぜ", "ほしぞら", "こもれび", "はなみずき", "ひだまり", "せせらぎ", "あおぞら", "ゆうなぎ",
    "つきかげ", "わかくさ", "しらかば", "ともしび", "はるかぜ", "あけぼの", "やまびこ", "さざなみ",
    "なのはな", "すずらん", "もえぎ", "あかね", "ふたば", "いろどり", "のぞみ", "まほろ",
)  # fmt: skip
LANDFORMS = ("台", "野", "原", "浜", "丘", "川", "沢", "里", "森", "谷", "崎", "平")
DIRECTIONS = ("", "東", "西", "南", "北", "新", "中")  # 7 × 24 × 12 = 2,016 names: enough for 1,741
CITY_SHARE = 0.45  # of a prefecture's municipalities that are 市 (the rest 町, and a few 村)
VILLAGE_SHARE = 0.2  # of the 町村 that are 村


@dataclass(frozen=True)
class InventedCity:
    """One municipality to generate: its six-digit code and its name."""

    code: str
    name: str


def spread(count: int, rng: random.Random) -> list[int]:
    """How many municipalities each prefecture gets (index 0 = 北海道): at least one each when
    ``count`` ≥ 47, else one each in ``count`` prefectures drawn at random; the rest by weight."""
    if not 1 <= count <= MAX_MUNICIPALITIES:
        raise ValueError(f"自治体の数は1〜{MAX_MUNICIPALITIES:,}で指定してください(指定値: {count:,})。")
    counts = [0] * len(PREFECTURES)
    if count < len(PREFECTURES):
        for index in rng.sample(range(len(PREFECTURES)), k=count):
            counts[index] = 1
        return counts
    counts = [1] * len(PREFECTURES)
    rest = count - len(PREFECTURES)
    total = sum(weight - 1 for weight in PREFECTURE_WEIGHTS)
    shares = [rest * (weight - 1) / total for weight in PREFECTURE_WEIGHTS]
    for index, share in enumerate(shares):
        counts[index] += int(share)
    # Largest remainders take what rounding down left over.
    left = count - sum(counts)
    for index in sorted(range(len(shares)), key=lambda i: shares[i] - int(shares[i]), reverse=True)[:left]:
        counts[index] += 1
    return counts


def invent_cities(count: int, rng: random.Random) -> list[InventedCity]:
    """``count`` municipalities with unique valid codes and unique invented names, by prefecture."""
    names = [f"{first}{word}{landform}" for first in DIRECTIONS for word in WORDS for landform in LANDFORMS]
    rng.shuffle(names)
    cities: list[InventedCity] = []
    for prefecture, how_many in zip(PREFECTURES, spread(count, rng), strict=True):
        city_count = max(1, round(how_many * CITY_SHARE)) if how_many else 0
        for number in range(how_many):
            if number < city_count:
                kind, serial = "市", 201 + number
            else:
                town = number - city_count
                kind = "村" if rng.random() < VILLAGE_SHARE else "町"
                serial = 301 + town * 2  # 町村 are numbered by 郡, with gaps
            first_five = f"{prefecture.code}{serial:03d}"
            name = f"{names[len(cities)]}{kind}"
            cities.append(InventedCity(f"{first_five}{check_digit(first_five)}", name))
    return cities
