"""The search page in a real browser: a colleague searches, reads why people were found,
and the page passes axe-core WCAG 2.1 A/AA. The profiles are indexed by the same
signals and on-commit task as in production (the test's writes are committed)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import (  # noqa: F401  (the browser-test fixtures, shared with tests/e2e)
    _real_password_hashers,
    _search_in_the_database,
    browser,
    daphne_server,
    new_page,
    server_env,
)
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, E2E_DB]


def test_colleague_finds_an_expert_and_sees_why(new_page, procurement):
    org = factories.organisation("porvoo", "Porvoon kaupunki")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    novice = factories.person("Noora", "Novice", key="novice", org=org, skills={procurement: 1})
    searcher = factories.person("Searching", "Colleague", key="searcher", org=org)
    former = factories.person("Ritva", "Örnberg", key="ritva", org=org, skills={procurement: 3}, active=False).profile
    former.left_on, former.successor = date(2026, 9, 30), novice.profile
    former.save()  # former staff: found last, "ask instead" the successor

    page = new_page()
    log_in(page, searcher.email)
    page.get_by_role("link", name="Find a colleague").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a colleague who can help")
    assert_accessible(page)

    page.get_by_label("Skill, topic or name").fill("offentlig upphandling")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("3 people found.")
    results = page.locator(".search-results > li")
    expect(results.first.get_by_role("heading", level=2)).to_have_text("Eeva Expert")
    expect(results.first).to_contain_text("Skill: Public procurement (level 4)")
    expect(results.nth(1)).to_contain_text("Skill: Public procurement (level 1)")
    expect(results.nth(2).get_by_role("heading", level=2)).to_have_text("Ritva Örnberg (Former staff)")
    expect(results.nth(2).get_by_role("link", name="Noora Novice")).to_have_attribute("href", "/people/novice/")
    assert_accessible(page)
    screenshot(page, "search-people")

    page.get_by_label("Skill, topic or name").fill("astrofysiikka")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("0 people found.")
    assert_accessible(page)
