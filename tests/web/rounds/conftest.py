"""The people of the tiny plan's city on the round pages, and helpers to read the pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client

from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People


@pytest.fixture
def secretariat_client(client_for: Callable[[User], Client], people: People) -> Client:
    return client_for(people.secretariat)


def page_text(response: HttpResponse) -> str:
    """The page's text with tags dropped and white space collapsed, as people read it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
