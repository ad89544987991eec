from intranet.models.pages import HomePage, NewsPage

__all__ = ["HomePage", "NewsPage"]
