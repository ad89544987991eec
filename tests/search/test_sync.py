"""The indices follow the database: a change is searchable once its transaction commits."""

import pytest
from django.db import transaction
from django_tasks.signals import task_enqueued

from people.models import Profile, ProfileSkill
from search import sync
from search.backends import database_backend, get_backend
from search.models import SearchDocument
from search.queries import search_people, search_people_as_operator
from tests import factories
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(procurement, reindex):
    org = factories.organisation("oulu", "Oulun kaupunki")
    person = factories.person("Paula", "Planner", key="planner", org=org, title="Suunnittelija")
    searcher = factories.person("Searching", "Colleague", key="searcher", org=org)
    reindex()
    return {"person": person, "searcher": searcher, "skill": procurement}


def committed(django_capture_on_commit_callbacks, change):
    """Run a change in a transaction and run what it queued on commit, as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            change()
    get_backend().refresh()


def test_profile_change_is_searchable_after_commit(scene, django_capture_on_commit_callbacks):
    assert keys(search_people(scene["searcher"], "hankinnat")) == []

    def change():
        profile = Profile.objects.get(key="planner")
        profile.help_with = "Julkiset hankinnat ja kilpailutukset"
        profile.save()
        ProfileSkill.objects.create(profile=profile, skill=scene["skill"], level=3)

    committed(django_capture_on_commit_callbacks, change)
    results = search_people(scene["searcher"], "hankinnat")
    assert keys(results) == ["planner"]
    assert results.hits[0].reasons[0] == "Skill: Public procurement (level 3)"


def test_deactivated_and_deleted_people_leave_the_index(scene, django_capture_on_commit_callbacks):
    def deactivate():
        user = scene["person"]
        user.is_active = False
        user.save()

    committed(django_capture_on_commit_callbacks, deactivate)
    assert keys(search_people_as_operator("Paula Planner")) == []
    assert not SearchDocument.objects.filter(key="planner").exists()

    searcher_profile = Profile.objects.get(key="searcher")
    committed(django_capture_on_commit_callbacks, lambda: searcher_profile.user.delete())
    assert keys(search_people_as_operator("Searching Colleague")) == []


def test_a_transaction_enqueues_one_task_however_often_it_asks(scene, django_capture_on_commit_callbacks):
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append(task_result.args)

    task_enqueued.connect(record)
    try:

        def change():
            profile = Profile.objects.get(key="planner")
            for title in ["a", "b", "c"]:
                profile.title = title
                profile.save()
            sync.queue_profiles([profile.pk])

        committed(django_capture_on_commit_callbacks, change)
    finally:
        task_enqueued.disconnect(record)
    planner_id = Profile.objects.get(key="planner").pk
    assert len(enqueued) == 1 and planner_id in enqueued[0][0]


def test_nothing_is_queued_when_the_transaction_rolls_back(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                Profile.objects.filter(key="planner").update(title="Hankinta-asiantuntija")
                sync.queue_profiles([Profile.objects.get(key="planner").pk])
                raise RuntimeError("rolled back")
    assert callbacks == []


def test_suspended_sync_queues_nothing(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with sync.suspended():
            profile = Profile.objects.get(key="planner")
            profile.title = "Hankinta-asiantuntija"
            profile.save()
    assert callbacks == []


def test_reindex_all_replaces_the_elasticsearch_index(use_elasticsearch):
    from search.backends import es_index

    factories.person("Paula", "Planner", key="planner", title="Suunnittelija")
    searcher = factories.person("Searching", "Colleague", key="searcher")
    sync.reindex_all()
    before = es_index.indices_behind_alias()
    Profile.objects.filter(key="planner").update(title="Hankinta-asiantuntija")
    report = sync.reindex_all()
    after = es_index.indices_behind_alias()
    people = {name: report[name] for name in ("documents", "answers", "backends")}  # content indices report too
    assert people == {"documents": 2, "answers": 0, "backends": ["database", "elasticsearch"]}
    assert len(after) == 1 and after != before
    assert not es_index.client().indices.exists(index=before[0])
    assert keys(search_people(searcher, "hankinta-asiantuntija")) == ["planner"]


def test_database_index_stays_current_when_elasticsearch_is_down(scene, settings, django_capture_on_commit_callbacks):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.ELASTICSEARCH_OPTIONS = {**settings.ELASTICSEARCH_OPTIONS, "request_timeout": 1}

    def change():
        profile = Profile.objects.get(key="planner")
        profile.title = "Hankinta-asiantuntija"
        profile.save()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            change()
    assert keys(database_backend().search_people("hankinta", audience=sync_audience())) == ["planner"]
    # ...and searches fall back to it.
    results = search_people(scene["searcher"], "hankinta-asiantuntija")
    assert results.backend == "database" and keys(results) == ["planner"]


def sync_audience():
    from search.visibility import SYSTEM

    return SYSTEM
