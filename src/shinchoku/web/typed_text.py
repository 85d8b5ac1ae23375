"""The form field for a text a person types.

The services clean typed text (:mod:`shinchoku.core.typed_fields`): control characters are
removed, soft line breaks become newlines. Django's ``CharField`` refuses a NUL character before
that (with the misleading Japanese message 「何か文字を入力してください。」), so a paste that
carries one would be refused while every other control character is removed. This field passes
the text on as typed, for the service to clean like the rest.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator


class TypedTextField(forms.CharField):
    """A ``CharField`` without the NUL refusal: the service it feeds removes the character."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
