"""Posting forms as a browser does: with the CSRF token the page it came from carries."""

from __future__ import annotations

import html
import re

import httpx

FIELD = "csrf_token"
_HIDDEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]*)">')


def token_in(page: str) -> str:
    """The CSRF token of the page's forms (failing if the page has none)."""
    found = _HIDDEN.search(page)
    assert found and found[1], "the page carries no csrf_token field"
    return html.unescape(found[1])


def csrf_token(client: httpx.Client, path: str = "/check") -> str:
    """The token for ``client``'s cookie, from a page with a form (the GET sets the cookie)."""
    page = client.get(path)
    assert page.status_code == 200, f"GET {path}: {page.status_code}"
    return token_in(page.text)


def hidden(page: str, name: str) -> str:
    """The value of the page's hidden field ``name`` (failing if the page has none)."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"the page has no {name} field"
    return html.unescape(found.group(1))
