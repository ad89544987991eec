from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from feed import experts
        from search import signals  # noqa: F401  (connects the re-index receivers)
        from search.content import signals as content_signals  # noqa: F401  (content indices)
        from search.queries import expert_candidates

        experts.use_finder(expert_candidates)  # questions get suggested experts from the people search
        header.add_nav_item("search/_nav_item.html", order=40)
