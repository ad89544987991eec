"""In the browser: type-ahead on the people search (ARIA combobox, keyboard only) and a search
narrowed by filters, with zero axe-core violations on every state visited."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Profile
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    sipoo = factories.organisation("sipoo", "Sipoon kunta")
    procurement = factories.skill(
        "public-procurement", "Julkiset hankinnat", "Offentlig upphandling", "Public procurement"
    )
    factories.person(
        "Kaisa", "Nieminen", key="kaisa.nieminen", org=kerava, title="Hankinta-asiantuntija", skills={procurement: 4}
    )
    factories.person("Kari", "Niemi", key="kari.niemi", org=kerava, title="Controller")
    factories.person("Anna", "Sjöberg", key="anna.sjoberg", org=sipoo, title="Kostchef", skills={procurement: 2})
    factories.person("Sten", "Sund", key="sten.sund", org=sipoo, title="Upphandlare", skills={procurement: 3})
    away = Profile.objects.get(key="sten.sund")
    away.out_of_office_until = timezone.localdate() + timedelta(days=5)
    # Sten shows his availability to the cooperating municipalities, so the Kerava searcher sees it.
    away.field_visibility = {"availability": "cooperating"}
    away.save()  # through the signal, as an edit in the app: re-indexed on commit
    return factories.person("Searching", "Colleague", key="searcher", org=kerava)


def test_type_ahead_by_keyboard_then_filters(new_page, scene):
    page = new_page()
    log_in(page, scene.email)
    page.goto("/search/")
    field = page.get_by_role("combobox", name="Skill, topic or name")
    expect(field).to_have_attribute("aria-expanded", "false")

    field.press_sequentially("nie", delay=30)
    listbox = page.get_by_role("listbox", name="Suggested people")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#search-suggestions-status")).to_have_text(
        "2 people suggested. Use the up and down arrow keys to choose."
    )
    assert_accessible(page)

    field.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", "search-suggestions-0")
    expect(first).to_contain_text("Kaisa Nieminen")
    field.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    field.press("ArrowDown")
    field.press("ArrowDown")
    expect(listbox.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    with page.expect_navigation():
        field.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kari Niemi")

    page.goto("/search/")
    page.get_by_role("combobox", name="Skill, topic or name").fill("hankinnat")
    page.get_by_label("Municipality or organisation").select_option(value="sipoo")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    results = page.locator(".search-results > li")
    expect(results).to_have_count(2)
    expect(results.first.get_by_role("heading", level=2)).to_have_text("Anna Sjöberg")
    expect(results.nth(1)).to_contain_text("Out of office until")
    # Each filter value says how many of the people found have it.
    expect(page.get_by_label("Municipality or organisation").locator("option:checked")).to_have_text("Sipoon kunta (2)")
    assert_accessible(page)

    page.get_by_label("Available now (not out of office)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(results).to_have_count(1)
    expect(page.get_by_label("Municipality or organisation")).to_have_value("sipoo")
    assert_accessible(page)
