from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from tests.evaluations.services.personas import People


@pytest.fixture
def secretariat_client(client: Client, people: People) -> Client:
    client.force_login(people.secretariat)
    return client


def page_text(response: HttpResponse) -> str:
    """The page's text with tags dropped and white space collapsed, to match what people read."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
