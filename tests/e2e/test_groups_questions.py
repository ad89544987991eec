"""A partner is invited into a group over real SMTP, posts a question there, the question
gets a suggested expert who is asked, answers, and the answer is accepted. Every page
visited passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from feed.models import Post
from groups.models import Group, Membership
from people.models import Organisation, ProfileSkill
from search.sync import reindex_all
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in
from tests.notifications.smtp import smtp_server

pytestmark = [pytest.mark.e2e, E2E_DB]

PARTNER_EMAIL = "pekka.partner@acme.example"
PARTNER_PASSWORD = "a-long-partner-password"
QUESTION = "Miten julkiset hankinnat kilpailutetaan yhdessä?"


@pytest.fixture(scope="module")
def inbox():
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
def server_env(inbox, tmp_path_factory):
    return {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox.port),
        "PRIVATE_MEDIA_ROOT": str(tmp_path_factory.mktemp("private")),
    }


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    factories.organisation("sipoo", "Sipoo")
    factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja", org=kerava)
    procurement = factories.skill(
        "public-procurement",
        "Julkiset hankinnat",
        "Offentlig upphandling",
        "Public procurement",
        synonyms=["hankintalaki", "kilpailutus"],
    )
    expert = factories.person(
        "Eero",
        "Ekspertti",
        org=kerava,
        key="eero.ekspertti",
        skills={procurement: 5},
        help_with="Julkiset hankinnat ja kilpailutus",
    )
    factories.group(
        "hanke",
        "Yhteishanke",
        visibility=Group.Visibility.PRIVATE,
        members={owner: Membership.Role.OWNER, expert: Membership.Role.MEMBER},
    )
    # The partner is offered experts only through skills their holders show to guests.
    ProfileSkill.objects.filter(profile__key="eero.ekspertti").update(shown_to_guests=True)
    reindex_all()
    return {"owner": owner, "expert": expert}


def test_partner_asks_an_expert_answers_and_the_answer_is_accepted(new_page, inbox, scene):
    owner = new_page()
    log_in(owner, scene["owner"].email)
    owner.goto("/groups/hanke/invite/")
    assert_accessible(owner)
    owner.get_by_label("Partner's email address").fill(PARTNER_EMAIL)
    owner.get_by_label("Partner's organisation").select_option(label="Acme Oy")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Send invitation").click()
    owner.goto("/groups/hanke/members/")
    assert_accessible(owner)

    link = re.search(r"https?://\S+/groups/invitation/[^/\s]+/", inbox.wait_for(PARTNER_EMAIL).get_content()).group(0)
    partner = new_page()
    partner.goto(link)
    with partner.expect_navigation():
        partner.get_by_role("button", name="Create my guest account").click()
    email_field = partner.get_by_label(re.compile(r"^Email\W*$"))
    if not email_field.input_value():
        email_field.fill(PARTNER_EMAIL)
    partner.get_by_label(re.compile(r"^First name\W*$")).fill("Pekka")
    partner.get_by_label(re.compile(r"^Last name\W*$")).fill("Partner")
    partner.get_by_label(re.compile(r"^Password\W*$")).fill(PARTNER_PASSWORD)
    partner.get_by_label(re.compile(r"^Password \(again\)\W*$")).fill(PARTNER_PASSWORD)
    with partner.expect_navigation():
        partner.locator("main form").get_by_role("button", name=re.compile(r"^(sign ?up|create)", re.I)).click()

    # The partner posts a question in the group.
    partner.goto("/groups/hanke/")
    expect(partner.locator("main")).to_contain_text("Your guest access lasts until")
    assert_accessible(partner)
    partner.get_by_label("This is a question").check()
    partner.get_by_label("Title (for questions)").fill(QUESTION)
    partner.get_by_label(re.compile(r"^Message")).fill("Tarvitsemme apua hankintalain ja kilpailutuksen kanssa.")
    with partner.expect_navigation():
        partner.get_by_role("button", name="Publish").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(partner.locator(".answer-promise")).to_contain_text("We promise an answer within 1 working day")
    experts = partner.get_by_role("region", name="Colleagues who could answer")
    expect(experts).to_contain_text("Eero Ekspertti")
    assert_accessible(partner)
    experts.get_by_label("Eero Ekspertti").check()
    with partner.expect_navigation():
        experts.get_by_role("button", name="Ask them to answer").click()
    expect(partner.locator("main")).to_contain_text("We let them know about your question.")

    # The expert sees the request in the header and on the home page, and answers.
    expert = new_page()
    log_in(expert, scene["expert"].email)
    expect(expert.locator("[data-unread-count]")).to_have_text("1")
    expect(expert.get_by_role("region", name="Questions I could answer")).to_contain_text(QUESTION)
    assert_accessible(expert)
    expert.goto("/notifications/")
    assert_accessible(expert)
    with expert.expect_navigation():
        expert.get_by_role("link", name=re.compile("thinks you could answer")).click()
    expert.get_by_label("Your reply").fill("Yhteishankinnassa sovitaan ensin hankintayksiköstä.")
    with expert.expect_navigation():
        expert.get_by_role("button", name="Post reply").click()
    assert_accessible(expert)

    # The asker's unread count rises live, without a reload; they accept the answer.
    expect(partner.locator("[data-unread-count]")).to_have_text("1")
    partner.reload()
    with partner.expect_navigation():
        partner.get_by_role("button", name="Accept this answer").click()
    expect(partner.locator("main")).to_contain_text("Accepted answer")
    assert_accessible(partner)
    question = Post.objects.get(title=QUESTION)
    assert question.accepted_answer is not None and question.first_answer_at and question.accepted_at


def test_staff_create_a_group_change_its_settings_and_roles_and_see_image_previews(new_page, scene, tmp_path):
    owner = new_page()
    log_in(owner, scene["owner"].email)
    owner.goto("/groups/")
    with owner.expect_navigation():
        owner.get_by_role("link", name="Create a group").click()
    assert_accessible(owner)
    owner.get_by_label("Name").fill("Kirjastoyhteistyö")
    owner.get_by_label("Description").fill("Kolmen kunnan kirjastot yhdessä.")
    owner.get_by_label("Private: visible, join by invitation").check()
    owner.get_by_label("Owning municipality").select_option(label="Kerava")
    owner.get_by_role("group", name="Shared with").get_by_label("Sipoo").check()
    with owner.expect_navigation():
        owner.get_by_role("button", name="Create the group").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Kirjastoyhteistyö")
    expect(owner.locator("main")).to_contain_text("Your role: Owner")
    assert_accessible(owner)

    with owner.expect_navigation():
        owner.get_by_role("link", name="Group settings").click()
    assert_accessible(owner)
    owner.get_by_label("Name").fill("Kirjastojen yhteistyö")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Save settings").click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Kirjastojen yhteistyö")

    # An image attachment is shown as a preview, with the file name as its alt text.
    from PIL import Image

    picture = tmp_path / "lukusali.png"
    Image.new("RGB", (900, 600), "teal").save(picture)
    owner.get_by_label(re.compile(r"^Message")).fill("Uuden lukusalin kuva.")
    owner.get_by_label("Attachments").set_input_files(str(picture))
    with owner.expect_navigation():
        owner.get_by_role("button", name="Publish").click()
    preview = owner.get_by_role("img", name="lukusali")
    expect(preview).to_be_visible()
    assert owner.evaluate("img => img.naturalWidth", preview.element_handle()) == 480
    assert_accessible(owner)

    # The owner makes a member a moderator on the members page.
    owner.goto("/groups/hanke/members/")
    owner.get_by_label("Role of Eero Ekspertti").select_option(label="Moderator")
    with owner.expect_navigation():
        owner.get_by_label("Role of Eero Ekspertti").locator("xpath=..").get_by_role(
            "button", name="Change role"
        ).click()
    expect(owner.locator("main")).to_contain_text("Eero Ekspertti is now moderator.")
    assert_accessible(owner)
    assert Membership.objects.get(group__key="hanke", user=scene["expert"]).role == "moderator"
