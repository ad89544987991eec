"""The operator's commands: find_expert and search_reindex."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(procurement, reindex):
    org = factories.organisation("tampere", "Tampereen kaupunki")
    factories.person("Eeva", "Expert", key="expert", org=org, title="Hankinta-asiantuntija", skills={procurement: 4})
    factories.person(
        "Gina", "Guest", key="guest", org=factories.organisation(home=False), guest=True, skills={procurement: 2}
    )
    reindex()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_find_expert_json(scene, backend_name):
    body = json.loads(run("find_expert", "offentlig upphandling", "--limit", "5", "--json"))
    assert body["backend"] == backend_name and body["total"] == 2
    assert [hit["key"] for hit in body["results"]] == ["expert", "guest"]
    assert body["results"][0]["reasons"] == ["Skill: Public procurement (level 4)"]
    assert {
        "key",
        "name",
        "title",
        "organisation",
        "score",
        "reasons",
        "away_until",
        "stand_in",
        "former",
        "successor",
    } == set(body["results"][0])


def test_find_expert_table_and_limit(scene):
    output = run("find_expert", "hankinnat", "--limit", "1")
    assert "Eeva Expert" in output and "Skill: Public procurement (level 4)" in output
    assert "Gina Guest" not in output and "1 of 2 shown" in output
    with pytest.raises(CommandError, match="--limit must be between 1 and 100"):
        run("find_expert", "hankinnat", "--limit", "0")


def test_find_expert_help_says_it_searches_as_operator():
    from search.management.commands.find_expert import Command

    assert "system operator" in Command.help


def test_search_reindex_rebuilds_from_the_database(scene, backend_name):
    factories.person("Late", "Comer", key="late", title="Hankintasihteeri")
    output = run("search_reindex", "--no-progress")
    assert "Indexed 3 people" in output
    body = json.loads(run("find_expert", "Late Comer", "--json"))
    assert body["results"][0]["key"] == "late"
