"""The search page a colleague uses."""

import pytest
from django.test import Client

from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in(procurement, reindex):
    org = factories.organisation("lahti", "Lahden kaupunki")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    factories.person("Noora", "Novice", key="novice", org=org, skills={procurement: 1})
    user = factories.person("Searching", "Colleague", key="searcher", org=org)
    reindex()
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_a_labelled_search_field(client_in):
    html = client_in.get("/search/").content.decode()
    assert '<label for="id_q">Skill, topic or name</label>' in html
    assert 'type="search" name="q" id="id_q"' in html
    assert 'role="status"' in html


def test_results_link_to_profiles_with_reasons_and_an_announced_count(client_in):
    response = client_in.get("/search/", {"q": "julkiset hankinnat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 people found." in html
    assert '<a href="/people/expert/">Eeva Expert</a>' in html
    assert "Hankinta-asiantuntija, Lahden kaupunki" in html
    assert "<li>Skill: Public procurement (level 4)</li>" in html
    assert html.index("Eeva Expert") < html.index("Noora Novice")


def test_no_match_says_so(client_in):
    html = client_in.get("/search/", {"q": "astrofysiikka"}).content.decode()
    assert "0 people found." in html and "Nobody matched." in html


def test_too_long_query_gets_a_message(client_in):
    response = client_in.get("/search/", {"q": "x" * 501})
    assert response.status_code == 200
    assert "Ensure this value has at most 500 characters" in response.content.decode()


def test_page_needs_login():
    response = Client().get("/search/", {"q": "hankinnat"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_more_people_than_shown_says_how_many_are_shown(client_in, procurement):
    from tests.search.conftest import rebuild_indices

    for number in range(20):
        factories.person("Many", f"Holder{number}", skills={procurement: 2})
    rebuild_indices()
    html = client_in.get("/search/", {"q": "hankinnat"}).content.decode()
    assert "22 people found." in html and "Showing the best 20." in html
    assert html.count("<li>Skill: Public procurement") == 20


def test_page_names_the_stand_in_of_someone_out_of_office(client_in):
    from datetime import timedelta

    from django.utils import timezone

    from people.models import Profile
    from tests.search.conftest import rebuild_indices

    Profile.objects.filter(key="expert").update(
        out_of_office_until=timezone.localdate() + timedelta(days=3), stand_in=Profile.objects.get(key="novice")
    )
    rebuild_indices()
    html = client_in.get("/search/", {"q": "hankinnat"}).content.decode()
    assert "Out of office until" in html and "ask Noora Novice instead" in html
    assert '<a href="/people/novice/">Contact Noora Novice instead</a>' in html


def test_page_says_when_it_answers_from_the_backup_index(client_in, settings, backend_name):
    if backend_name != "elasticsearch":
        html = body(client_in.get("/search/", {"q": "hankinnat"}))
        assert "backup index" not in html
        return
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    html = client_in.get("/search/", {"q": "hankinnat"}).content.decode()
    assert "results come from the backup index" in html
    assert "Eeva Expert" in html


def test_page_labels_former_staff_and_links_whom_to_ask_instead(client_in):
    from datetime import date

    from people.models import Profile, User
    from tests.search.conftest import rebuild_indices

    Profile.objects.filter(key="expert").update(left_on=date(2026, 9, 30), successor=Profile.objects.get(key="novice"))
    User.objects.filter(profile__key="expert").update(is_active=False)
    rebuild_indices()
    html = client_in.get("/search/", {"q": "hankinnat"}).content.decode()
    assert html.index("Noora Novice") < html.index("Eeva Expert")  # former staff last
    assert '<a href="/people/expert/">Eeva Expert</a> <span class="muted">(Former staff)</span>' in html
    assert "<li>Former staff, ask instead: Noora Novice</li>" in html
    assert 'Ask instead: <a href="/people/novice/">Noora Novice</a>' in html
