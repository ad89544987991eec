from intranet.models.audit import AuditEntry
from intranet.models.pages import HomePage, NewsPage

__all__ = ["AuditEntry", "HomePage", "NewsPage"]
