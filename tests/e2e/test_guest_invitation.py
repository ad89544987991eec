"""An owner invites an external partner by email; the partner signs up from the link
and sees the group they were invited to, and nothing else.

The server sends real mail over SMTP to a local aiosmtpd server run by the test.
"""

import re

import pytest
from playwright.sync_api import expect

from groups.models import Group, Membership
from people.models import Organisation, User
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in
from tests.notifications.smtp import smtp_server

pytestmark = [pytest.mark.e2e, E2E_DB]

PARTNER_EMAIL = "paula.partner@acme.example"
PARTNER_PASSWORD = "a-long-partner-password"


@pytest.fixture(scope="module")
def inbox():
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
def server_env(inbox):
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(inbox.port)}


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    acme = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja", org=kerava)
    factories.group("hanke", "Yhteishanke", visibility=Group.Visibility.PRIVATE, members={owner: Membership.Role.OWNER})
    factories.group("muu", "Muu ryhmä", members={owner: Membership.Role.MEMBER})
    return {"owner": owner, "acme": acme}


def test_invited_partner_signs_up_and_sees_only_their_group(new_page, inbox, scene):
    owner = new_page()
    log_in(owner, scene["owner"].email)
    owner.goto("/groups/hanke/invite/")
    assert_accessible(owner)
    owner.get_by_label("Partner's email address").fill(PARTNER_EMAIL)
    owner.get_by_label("Partner's organisation").select_option(label="Acme Oy")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Send invitation").click()
    expect(owner.locator("main")).to_contain_text(f"The invitation was sent to {PARTNER_EMAIL}")

    mail = inbox.wait_for(PARTNER_EMAIL)
    link = re.search(r"https?://\S+/groups/invitation/[^/\s]+/", mail.get_content()).group(0)

    partner = new_page()
    partner.goto(link)
    expect(partner.get_by_role("heading", level=1)).to_contain_text("Yhteishanke")
    assert_accessible(partner)
    with partner.expect_navigation():
        partner.get_by_role("button", name="Create my guest account").click()
    assert "/accounts/signup/" in partner.url
    assert_accessible(partner)

    email_field = partner.get_by_label(re.compile(r"^Email\W*$"))
    if not email_field.input_value():
        email_field.fill(PARTNER_EMAIL)
    partner.get_by_label(re.compile(r"^First name\W*$")).fill("Paula")
    partner.get_by_label(re.compile(r"^Last name\W*$")).fill("Partner")
    partner.get_by_label(re.compile(r"^Password\W*$")).fill(PARTNER_PASSWORD)
    partner.get_by_label(re.compile(r"^Password \(again\)\W*$")).fill(PARTNER_PASSWORD)
    with partner.expect_navigation():
        partner.locator("main form").get_by_role("button", name=re.compile(r"^(sign ?up|create)", re.I)).click()

    assert "/accounts/" not in partner.url, partner.locator("main").inner_text()
    expect(partner.locator("main")).to_contain_text("Yhteishanke")
    expect(partner.locator("main")).not_to_contain_text("Muu ryhmä")
    assert_accessible(partner)
    guest = User.objects.get(email=PARTNER_EMAIL)
    assert guest.is_guest
    assert [m.group.key for m in Membership.objects.filter(user=guest)] == ["hanke"]

    assert partner.goto("/groups/hanke/").status == 200
    assert partner.goto("/groups/muu/").status == 404
