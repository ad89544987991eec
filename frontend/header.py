"""Header items: the base layout names no feature app; each app registers what it adds to the header.

An item is a template included in the base layout's context (so it sees `user` and `request`). Apps
register them in their AppConfig.ready(); `order` places them in the navigation, lowest first.
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class HeaderItem:
    order: int
    template: str


_nav_items: set[HeaderItem] = set()
_scripts: set[HeaderItem] = set()


def add_nav_item(template: str, order: int) -> None:
    """A list item (`<li>…</li>`) of the main navigation, shown to signed-in people."""
    _nav_items.add(HeaderItem(order, template))


def add_script(template: str, order: int = 100) -> None:
    """Markup at the end of every page's body, e.g. the script of a live header badge."""
    _scripts.add(HeaderItem(order, template))


def nav_items() -> list[str]:
    return [item.template for item in sorted(_nav_items)]


def scripts() -> list[str]:
    return [item.template for item in sorted(_scripts)]
