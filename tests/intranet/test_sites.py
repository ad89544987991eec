"""Emails name the real service: the Sites framework's site (and Wagtail's default site) follow
BASE_URL and SITE_NAME at every migrate, instead of Django's "example.com"."""

import pytest
from django.contrib.sites.models import Site
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Page
from wagtail.models import Site as WagtailSite

from intranet.sites import service_address, site_domain
from tests import factories
from tests.notifications.smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(settings):
    settings.BASE_URL = "https://intranet.kunnat.fi"
    settings.SITE_NAME = "Kuntien intranet"
    call_command("migrate", verbosity=0)  # what every deployment runs


def test_the_test_database_was_migrated_with_the_settings_address(settings):
    # pytest-django's migrate already ran the handler: the row is no longer Django's default.
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == site_domain() == "127.0.0.1:8000"
    assert site.name == settings.SITE_NAME


def test_the_password_reset_email_names_the_service_and_its_address(service, client, smtp_inbox):  # noqa: F811
    user = factories.person("Aino", "Virtanen")

    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    message = smtp_inbox.wait_for(user.email)
    body = message.get_body(("plain",)).get_content()
    assert message["Subject"].startswith("[Kuntien intranet] ")
    assert "Hello from Kuntien intranet!" in body
    assert "intranet.kunnat.fi" in body
    assert "example.com" not in body and "example.com" not in message["Subject"]


def test_a_changed_address_takes_effect_at_the_next_migrate(service, settings):
    assert Site.objects.get_current().domain == "intranet.kunnat.fi"
    settings.BASE_URL = "http://intranet.kunnat.fi:8080/"
    settings.SITE_NAME = "Intranätet"

    call_command("migrate", verbosity=0)

    site = Site.objects.get_current()  # the per-process cache was cleared
    assert (site.domain, site.name) == ("intranet.kunnat.fi:8080", "Intranätet")
    assert Site.objects.count() == 1


def test_wagtail_builds_page_addresses_from_the_service_address(service):
    wagtail_site = WagtailSite.objects.get(is_default_site=True)
    assert (wagtail_site.hostname, wagtail_site.port, wagtail_site.site_name) == (
        "intranet.kunnat.fi",
        443,
        "Kuntien intranet",
    )
    home = Page.objects.get(depth=2).specific
    assert home.get_full_url() == "https://intranet.kunnat.fi/"


def test_a_new_site_row_gets_a_fresh_primary_key_after_the_handler_made_the_first():
    # The handler writes pk=1 itself; PostgreSQL's sequence must have moved past it.
    other = Site.objects.create(domain="other.kunnat.fi", name="Other")
    assert other.pk != 1


@pytest.mark.parametrize("value", ["intranet.kunnat.fi", "ftp://intranet.kunnat.fi", "https://", "https://host:port"])
def test_a_base_url_that_is_no_address_is_refused_with_one_clear_line(settings, value):
    settings.BASE_URL = value
    with pytest.raises(ImproperlyConfigured, match=r"BASE_URL must be the service's address such as https://"):
        service_address()
