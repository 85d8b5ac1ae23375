"""The form field for a number a person types: 「46人」「1,234件」「３．５」「▲3」 are read by
:func:`shinchoku.core.numbers.parse_typed_number`; a refusal names the field and says what to type."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shinchoku.core.numbers import TypedNumberError, parse_typed_number


class TypedNumberField(forms.Field):
    """A decimal (or None when blank and not required) read the way people type numbers."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return parse_typed_number(str(value))
        except TypedNumberError as error:
            raise forms.ValidationError(f"{self.label}: {error}", code="invalid") from None
