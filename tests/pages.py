"""Reading pages in tests with their status checked first.

A check that something is absent from a page passes on an error page (404, 403, 500, a redirect to the
login page) as well as on the right page. These helpers assert the status before the body is looked at,
so such a check fails when the page itself breaks. tests/test_test_hygiene.py keeps new checks honest.
"""

import re

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def expect(response, status: int = 200):
    """The response, after asserting its status; the message says what came back instead."""
    assert response.status_code == status, describe(response, status)
    return response


def body(response, status: int = 200) -> str:
    """The decoded body of a response whose status has been checked."""
    return expect(response, status).content.decode()


def page(client, url: str, data=None, *, status: int = 200, **extra) -> str:
    """GET url (with query data) and return its decoded body, after asserting the status."""
    return body(client.get(url, data, **extra), status)


def api(client, url: str, data=None, *, status: int = 200, **extra):
    """GET url and return the decoded JSON, after asserting the status."""
    return expect(client.get(url, data, **extra), status).json()


def absent(client, url: str, *texts: str, data=None, status: int = 200, **extra) -> str:
    """The page, after asserting its status and that none of texts appears in it."""
    html = page(client, url, data, status=status, **extra)
    found = [text for text in texts if text in html]
    assert not found, f"GET {url} shows what it must not: {found}"
    return html


def shows(client, url: str, *texts: str, data=None, status: int = 200, **extra) -> str:
    """The page, after asserting its status and that each of texts appears in it."""
    html = page(client, url, data, status=status, **extra)
    missing = [text for text in texts if text not in html]
    assert not missing, f"GET {url} does not show {missing}"
    return html


def describe(response, expected: int) -> str:
    request = getattr(response, "request", None) or {}
    where = f"{request.get('REQUEST_METHOD', 'GET')} {request.get('PATH_INFO', '?')}"
    text = f"{where} answered {response.status_code}, expected {expected}"
    if response.has_header("Location"):
        text += f" (redirect to {response['Location']})"
    if not getattr(response, "streaming", False):
        visible = " ".join(TAGS.sub(" ", response.content.decode(errors="replace")).split())
        text += f": {visible[:400]}"
    return text
