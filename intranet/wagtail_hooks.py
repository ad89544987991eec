"""The Wagtail admin, kept on this site: its help menu links to wagtail.org are dropped, so an admin
page names no third-party host (Gravatar and the update check are off in settings)."""

from urllib.parse import urlsplit

from wagtail import hooks


@hooks.register("construct_help_menu")
def drop_external_help_links(request, menu_items):
    menu_items[:] = [item for item in menu_items if not urlsplit(getattr(item, "url", "") or "").netloc]
