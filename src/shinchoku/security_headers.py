"""The Content-Security-Policy of every response (Django 5.2 has none built in).

Pages load only the site's own style sheets and run no script at all, so the policy allows the
site's own origin and nothing inline. ``frame-ancestors 'none'`` is the modern twin of
``X-Frame-Options: DENY`` (set by Django's clickjacking middleware, kept for older browsers);
Referrer-Policy and X-Content-Type-Options come from Django's SecurityMiddleware.

One exception, decided here rather than in the view: a downloaded HTML document (the accessible
report, ``Content-Disposition: attachment``) is self-contained, its style sheet inline in
``<style>`` so that it still looks right when opened from a disk or mailed on. Its response gets a
policy that allows exactly those style blocks, by their SHA-256 hash, and still no script; hashing
the body actually sent means the allowance can never drift from the report's style sheet.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

PAGE_POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    "style-src 'self'; "
    "img-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)

# A saved document has no origin of ours to load from: nothing but its own inline style.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src {styles}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

STYLE_BLOCK = re.compile(rb"<style(?:\s[^>]*)?>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)


def style_hashes(html: bytes) -> list[str]:
    """The CSP source expressions (``'sha256-…'``) of each ``<style>`` block of ``html``, in order."""
    return [
        "'sha256-{}'".format(base64.b64encode(hashlib.sha256(block).digest()).decode("ascii"))
        for block in STYLE_BLOCK.findall(html)
    ]


def policy_for(response: HttpResponse) -> str:
    """The policy for ``response``: the page policy, or the document one for a downloaded HTML file."""
    content_type = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    if (
        content_type.startswith("text/html")
        and disposition.startswith("attachment")
        and not response.streaming
    ):
        hashes = style_hashes(response.content)
        return DOCUMENT_POLICY.format(styles=" ".join(hashes) if hashes else "'none'")
    return PAGE_POLICY


class ContentSecurityPolicyMiddleware:
    """Adds :data:`HEADER` to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(response)
        return response
