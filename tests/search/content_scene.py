"""The scene of the content search tests: groups of each visibility, posts, an organisation,
contacts at each visibility level, a news page; and the users who search them."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from feed.models import Post
from groups.models import Group, Membership
from intranet.models import HomePage, NewsPage
from people.models import ExternalContact, Organisation, User
from tests import factories


@dataclass
class Scene:
    alice: User  # staff of Lahti, member of every group, knows the private contact
    bob: User  # staff of Lahti, in no group
    carol: User  # staff of Kerava, knows another private contact
    gina: User  # a guest in the public group only
    dave: User  # deactivated, was in every group
    public: Group
    private: Group
    secret: Group
    public_post: Post
    private_question: Post
    secret_post: Post
    hidden_post: Post
    page: NewsPage


def build() -> Scene:
    lahti = factories.organisation("lahti", "Lahden kaupunki")
    kerava = factories.organisation("kerava", "Keravan kaupunki")
    partner = factories.organisation(
        "hankintapalvelu", "Hankintapalvelu Oy", home=False, kind=Organisation.Kind.COMPANY
    )
    alice = factories.person("Alice", "Alpha", key="alice", org=lahti)
    bob = factories.person("Bob", "Beta", key="bob", org=lahti)
    carol = factories.person("Carol", "Gamma", key="carol", org=kerava)
    gina = factories.person("Gina", "Guest", key="gina", guest=True, org=partner)
    dave = factories.person("Dave", "Delta", key="dave", org=lahti)
    everyone = {alice: Membership.Role.OWNER, dave: Membership.Role.MEMBER}
    public = factories.group("hankintarengas", "Hankintarengas", members={**everyone, gina: Membership.Role.GUEST})
    private = factories.group(
        "hankintabudjetti", "Hankintabudjetti", visibility=Group.Visibility.PRIVATE, members=everyone
    )
    secret = factories.group("hankintafuusio", "Hankintafuusio", visibility=Group.Visibility.SECRET, members=everyone)
    public_post = factories.post(public, alice, "Uudet hankintasäännöt astuvat voimaan.", title="Hankintasäännöt")
    private_question = factories.post(
        private, alice, "Paljonko hankintoihin on varattu?", question=True, title="Hankintojen budjetti"
    )
    secret_post = factories.post(secret, alice, "Fuusion hankinnat pidetään salassa.", title="Salaiset hankinnat")
    hidden_post = factories.post(public, alice, "Piilotettu hankinta-asia.", title="Piilotettu hankinta")
    hidden_post.hidden_at = timezone.now()
    hidden_post.save()
    for name, visibility, knower in (
        ("Pekka Private", ExternalContact.Visibility.PRIVATE, alice),
        ("Olli Organisation", ExternalContact.Visibility.ORGANISATION, alice),
        ("Kaisa Cooperating", ExternalContact.Visibility.COOPERATING, carol),
        ("Kalle Keravalainen", ExternalContact.Visibility.PRIVATE, carol),
    ):
        contact = ExternalContact.objects.create(
            key=name.split()[0].lower(),
            name=name,
            organisation=partner,
            role="Hankinta-asiantuntija",
            visibility=visibility,
            added_by=knower.profile,
            email=f"{name.split()[0].lower()}@partner.test",
        )
        contact.known_by.add(knower.profile)
    home = HomePage.objects.get()
    page = home.add_child(
        instance=NewsPage(
            title="Hankintaohje päivitetty",
            slug="hankintaohje",
            date=date(2026, 11, 1),
            body="<p>Uusi hankintaohje.</p>",
        )
    )
    page.save_revision().publish()
    dave.is_active = False
    dave.save()
    return Scene(
        alice,
        bob,
        carol,
        gina,
        dave,
        public,
        private,
        secret,
        public_post,
        private_question,
        secret_post,
        hidden_post,
        page,
    )
