"""What browser tests do on every page: log in, check accessibility, take screenshots."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import PASSWORD

# Transactional, so the server process sees the rows the test writes. (Not
# serialized_rollback: its restore fails on content types once any plain
# transactional test has flushed the database before it.)
E2E_DB = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe.min.js ships inside axe-playwright-python: no network needed.
_axe = Axe()


def ensure_home_page() -> None:
    """The Wagtail home page that a migration creates, put back when an earlier
    transactional test's flush has removed it."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from intranet.models import HomePage

    if Site.objects.filter(is_default_site=True).exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Intranet", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Intranet")


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real allauth form; the browser lands on the home page."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Email\W*$")).fill(email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(password)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=re.compile(r"^(log|sign) ?in$", re.I)).click()
    assert "/accounts/login/" not in page.url, f"login failed for {email}:\n{page.locator('main').inner_text()}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def assert_accessible(page) -> None:
    """Zero axe-core violations of WCAG 2.0/2.1 A and AA on the page as it is now."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def screenshot(page, name: str) -> Path:
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
