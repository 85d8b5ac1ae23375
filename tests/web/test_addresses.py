"""Addresses built from one reverse per pattern are the addresses reverse gives."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from shinchoku.web.addresses import address, addresser


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("public:home", ()),
        ("public:plan", (1,)),
        ("public:node", (12, 3456)),
        ("web:project", (7, 70)),
        ("web:department", (987_654_321_000, 5)),
        ("public:node", (5, 5)),
    ],
)
def test_it_gives_the_address_reverse_gives(name: str, args: tuple[int, ...]) -> None:
    assert address(name, *args) == reverse(name, args=args)


def test_arguments_that_are_not_ids_are_reversed_as_they_are() -> None:
    assert address("public:plan", "3") == reverse("public:plan", args=["3"])
    with pytest.raises(NoReverseMatch):
        address("public:plan", "three")
    with pytest.raises(NoReverseMatch):
        address("public:plan", -1)


def test_an_addresser_gives_the_addresses_of_one_pattern_as_reverse_does() -> None:
    fill = addresser("web:node", 2)

    assert [fill(1, 2), fill(30, 4)] == [reverse("web:node", args=[1, 2]), reverse("web:node", args=[30, 4])]
    assert addresser("public:plan", 1)("3") == reverse("public:plan", args=["3"])
    assert addresser("public:home", 0)() == reverse("public:home")
