"""In the browser: a colleague searches, switches between the tabs of the search page and opens a
question found there, with zero axe-core violations on every tab and on the grouped type-ahead."""

import pytest
from playwright.sync_api import expect

from groups.models import Group, Membership
from people.models import Organisation
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, ensure_home_page, log_in

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.fixture
def scene():
    ensure_home_page()
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    factories.organisation("ruokapalvelu", "Kouluruokapalvelu Oy", home=False, kind=Organisation.Kind.COMPANY)
    asker = factories.person("Kaisa", "Nieminen", key="kaisa.nieminen", org=kerava, title="Kouluruokavastaava")
    searcher = factories.person("Searching", "Colleague", key="searcher", org=kerava)
    group = factories.group(
        "kouluruoka", "Kouluruoka-verkosto", visibility=Group.Visibility.PUBLIC, members={asker: Membership.Role.OWNER}
    )
    # Saved through the ORM in committed transactions: the signals index them on commit.
    factories.post(
        group, asker, "Miten kouluruoan kilpailutus kannattaa aloittaa?", question=True, title="Kouluruoan kilpailutus"
    )
    factories.post(group, asker, "Kouluruokapäivä pidetään marraskuussa.", title="Kouluruokapäivä")
    return searcher


def test_tabs_then_open_a_question(new_page, scene):
    page = new_page()
    log_in(page, scene.email)
    page.goto("/search/?q=kouluruoka")
    tabs = page.get_by_role("navigation", name="What to search")
    expect(tabs.get_by_role("link", name="People")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    for label, heading in (
        ("Groups", "Kouluruoka-verkosto"),
        ("Organisations", "Kouluruokapalvelu Oy"),
        ("Contacts", None),
        ("Pages", None),
    ):
        with page.expect_navigation():
            tabs.get_by_role("link", name=label).click()
        expect(tabs.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
        if heading:
            expect(page.locator(".search-results > li").first.get_by_role("heading", level=2)).to_have_text(heading)
        assert_accessible(page)

    with page.expect_navigation():
        tabs.get_by_role("link", name="Posts and questions").click()
    expect(page.locator(".search-results > li")).to_have_count(2)
    page.get_by_label("Questions only").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    results = page.locator(".search-results > li")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Question, not answered yet")
    assert_accessible(page)
    with page.expect_navigation():
        results.first.get_by_role("link", name="Kouluruoan kilpailutus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kouluruoan kilpailutus")

    # Type-ahead groups people and groups under labels.
    page.goto("/search/")
    page.get_by_role("combobox", name="Skill, topic or name").press_sequentially("kouluruoka", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested people, groups and pages")
    expect(listbox.get_by_role("group", name="Groups").get_by_role("option")).to_have_text(["Kouluruoka-verkosto"])
    assert_accessible(page)
