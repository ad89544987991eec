# Both search backends, as in the search tests (a session prefix of its own on Elasticsearch).
from tests.search.conftest import _drop_session_indices, use_database, use_elasticsearch  # noqa: F401
