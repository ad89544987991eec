"""Every URL pattern of the project, and who may reach it.

`all_patterns()` walks Django's resolver (the API routers, allauth, Wagtail and the Django admin
included; there is no Django admin). AUDIENCE names each pattern's audience; a pattern missing from it fails the sweep
(tests/security/test_route_sweep.py), so a new route is classified by whoever adds it.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Who may reach a pattern (with the arguments filled in for the visitor's scene):
PUBLIC = "public"  # anyone, signed in or not (login, sign-up, health, language)
ACCOUNT = "account"  # any active signed-in user, guests included: their own account, inbox, notifications
SPACE = "space"  # content of one group (its posts, files, members, chat): the group's current members,
#                  and staff where the group's visibility lets them; never a guest outside the group
STAFF = "staff"  # staff of the cooperating municipalities only: directory, network, creating groups
ADMIN = "admin"  # the Wagtail admin: superusers (and staff given admin rights)

# Third-party families classified as a whole, by where they are mounted (they have hundreds of
# patterns whose authorisation is the package's own decorator on every view).
FAMILIES = {
    "admin/": ADMIN,  # Wagtail admin: require_admin_access on every view
}

AUDIENCE = {
    # The admins' own public pages (an entry here wins over the family's audience).
    "admin/login/": PUBLIC,
    "admin/logout/": PUBLIC,
    "admin/password_reset/": PUBLIC,
    "admin/password_reset/done/": PUBLIC,
    "admin/password_reset/confirm/<uidb64>/<token>/": PUBLIC,
    "admin/password_reset/complete/": PUBLIC,
    "admin/jsi18n/": PUBLIC,  # the admin's translation catalogue (static text)
    "admin/sprite/": PUBLIC,  # the admin's icon sprite (static)
    # intranet
    "healthz": PUBLIC,  # up/down only for anonymous callers (tests/ops/test_health.py)
    "healthz/live": PUBLIC,
    "healthz/ready": PUBLIC,
    "metrics": PUBLIC,  # 404 without the operator's bearer token (tests/ops/test_metrics_live.py)
    "i18n/setlang/": PUBLIC,
    "media/<path:path>": PUBLIC,  # embedded default only: content-page images; photos are private
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": PUBLIC,
    "_util/login/": PUBLIC,
    "^((?:[\\w\\-]+/)*)$": ACCOUNT,  # Wagtail pages: the intranet's pages need a login
    # allauth
    "accounts/login/": PUBLIC,
    "accounts/sign-in/discover/": PUBLIC,  # home-realm discovery: a redirect to a provider or the login form
    "accounts/logout/": ACCOUNT,
    "accounts/inactive/": PUBLIC,
    "accounts/signup/": PUBLIC,
    "accounts/reauthenticate/": ACCOUNT,
    "accounts/reauthenticate/code/": ACCOUNT,
    "accounts/reauthenticate/code/confirm/": ACCOUNT,
    "accounts/email/": ACCOUNT,
    "accounts/confirm-email/": PUBLIC,
    "accounts/password/change/": ACCOUNT,
    "accounts/password/set/": ACCOUNT,
    "accounts/password/reset/": PUBLIC,
    "accounts/login/code/confirm/": PUBLIC,
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": PUBLIC,
    "accounts/password/reset/key/done/": PUBLIC,
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": PUBLIC,
    "accounts/password/reset/done/": PUBLIC,
    "accounts/3rdparty/login/cancelled/": PUBLIC,
    "accounts/3rdparty/login/error/": PUBLIC,
    "accounts/3rdparty/signup/": PUBLIC,
    "accounts/3rdparty/": ACCOUNT,
    "accounts/social/login/cancelled/": PUBLIC,
    "accounts/social/login/error/": PUBLIC,
    "accounts/social/signup/": PUBLIC,
    "accounts/social/connections/": PUBLIC,  # a redirect to accounts/3rdparty/
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/": PUBLIC,
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": PUBLIC,
    # API
    "api/v1/openapi.json": ACCOUNT,
    "api/v1/docs": ACCOUNT,
    "api/v1/": ACCOUNT,
    "api/v1/search/people": ACCOUNT,  # guests find the people of their groups only (tests/search)
    "api/v1/search/suggest": ACCOUNT,
    "api/v1/search/content": ACCOUNT,
    "api/v1/messages/conversations": ACCOUNT,
    "api/v1/messages/conversations/<conversation_id>/messages": SPACE,
    "api/v1/messages/conversations/<conversation_id>/messages/<message_id>/history": SPACE,
    "api/v1/messages/conversations/<conversation_id>/read": SPACE,
    "api/v1/people/contacts/<key>": STAFF,
    "api/v1/people/organisations/<key>": SPACE,  # guests see their own organisation only
    "api/v1/people/<key>": SPACE,  # a guest sees the people of their groups
    "api/v1/groups/": ACCOUNT,
    "api/v1/groups/<key>/members": SPACE,
    "api/v1/groups/<key>/posts": SPACE,
    "api/v1/notifications/": ACCOUNT,
    "api/v1/notifications/read": ACCOUNT,
    # people
    "people/me/edit/": ACCOUNT,
    "people/me/skills/add/": ACCOUNT,
    "people/me/skills/confirm/": ACCOUNT,
    "people/me/skills/propose/": ACCOUNT,
    "people/me/skills/<int:held_id>/remove/": ACCOUNT,
    "people/me/photo/": ACCOUNT,
    "people/me/photo/remove/": ACCOUNT,
    "people/me/data.json": ACCOUNT,
    "people/skills/proposals/": STAFF,
    "people/organisations/<str:key>/": SPACE,
    "people/partnerships/": STAFF,
    "people/partnerships/new/": STAFF,
    "people/partnerships/<str:key>/edit/": STAFF,
    "people/contacts/": STAFF,
    "people/contacts/new/": STAFF,
    "people/contacts/import/": STAFF,
    "people/contacts/export.vcf": STAFF,
    "people/contacts/<str:key>/": STAFF,
    "people/contacts/<str:key>/edit/": STAFF,
    "people/interactions/<str:key>/edit/": STAFF,
    "people/interactions/<str:key>/delete/": STAFF,
    "people/<str:key>/vcard.vcf": SPACE,
    "people/<str:key>/availability/": SPACE,
    "people/<str:key>/handover/": SPACE,
    "people/<str:key>/endorse/<str:skill>/": SPACE,
    "people/<str:key>/photo.jpg": SPACE,
    "people/<str:key>/": SPACE,
    # groups
    "groups/": ACCOUNT,
    "groups/new/": STAFF,
    "groups/invitation/<str:token>/": PUBLIC,  # an emailed link: the token is the credential
    "groups/<str:key>/": SPACE,
    "groups/<str:key>/join/": SPACE,
    "groups/<str:key>/invite/": SPACE,
    "groups/<str:key>/request/": SPACE,
    "groups/<str:key>/leave/": SPACE,
    "groups/<str:key>/members/": SPACE,
    "groups/<str:key>/settings/": SPACE,
    "groups/<str:key>/members/<int:pk>/role/": SPACE,
    "groups/<str:key>/members/<int:pk>/remove/": SPACE,
    "groups/<str:key>/members/<int:pk>/renew/": SPACE,
    "groups/<str:key>/requests/<int:pk>/<str:decision>/": SPACE,
    "groups/invitations/<int:pk>/<str:decision>/": SPACE,
    # feed
    "posts/": ACCOUNT,
    "posts/<int:pk>/": SPACE,
    "posts/<int:pk>/accept/<int:comment_pk>/": SPACE,
    "posts/<int:pk>/edit/": SPACE,
    "posts/<int:pk>/delete/": SPACE,
    "posts/<int:pk>/comments/<int:comment_pk>/edit/": SPACE,
    "posts/<int:pk>/comments/<int:comment_pk>/delete/": SPACE,
    "posts/<int:pk>/react/<str:kind>/": SPACE,
    "posts/<int:pk>/vote/<int:comment_pk>/": SPACE,
    "posts/<int:pk>/experts/": SPACE,
    "posts/<int:pk>/report/": SPACE,
    "posts/<int:pk>/hide/": SPACE,
    "posts/attachments/<int:pk>/": SPACE,
    "posts/attachments/<int:pk>/preview/": SPACE,
    "posts/topics/<str:name>/": ACCOUNT,  # a topic lists only posts the visitor may read
    "posts/topics/<str:name>/follow/": ACCOUNT,
    "posts/moderation/": ACCOUNT,  # the queue of the groups the visitor moderates (empty otherwise)
    # messaging
    "messages/": ACCOUNT,
    "messages/start/<str:profile_key>/": SPACE,
    "messages/<int:conversation_id>/": SPACE,
    "messages/<int:conversation_id>/leave/": SPACE,
    "messages/new/": ACCOUNT,
    "messages/group/<str:group_key>/": SPACE,
    "messages/<int:conversation_id>/messages/<int:message_id>/history/": SPACE,
    "messages/<int:conversation_id>/messages/<int:message_id>/edit/": SPACE,
    "messages/<int:conversation_id>/messages/<int:message_id>/delete/": SPACE,
    "messages/<int:conversation_id>/attachments/": SPACE,
    "messages/attachments/<int:pk>/": SPACE,
    "messages/attachments/<int:pk>/preview/": SPACE,
    # search and notifications
    "search/": ACCOUNT,  # guests search their groups' people and content only (tests/search)
    "notifications/": ACCOUNT,
    "notifications/read/": ACCOUNT,
}

# Patterns the sweep does not request, with why.
NOT_REQUESTED = {
    # Signing out ends the visitor's session: the rest of the sweep would run as anonymous.
    # (tests/accounts cover it.)
    ("POST", "accounts/logout/"),
}
# ... and not by a superuser: Wagtail's error test page raises on purpose for them (for others it
# is the admin's login redirect, which the sweep checks).
NOT_REQUESTED_BY_SUPERUSER = {"admin/failwhale/"}


@dataclass(frozen=True)
class Pattern:
    route: str  # the full pattern as written (route or regex), the key of AUDIENCE
    name: str
    view: str

    @property
    def audience(self) -> str | None:
        if self.route in AUDIENCE:
            return AUDIENCE[self.route]
        for prefix, audience in FAMILIES.items():
            if self.route.startswith(prefix):
                return audience
        return None

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Pattern(prefix + str(entry.pattern), namespace + (entry.name or ""), entry.lookup_str)


def all_patterns() -> list[Pattern]:
    """Every pattern once (the API's GET and POST of one path share a pattern)."""
    seen: dict[str, Pattern] = {}
    for pattern in _walk(get_resolver().url_patterns):
        seen.setdefault(pattern.route, pattern)
    return list(seen.values())


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_NAMED = re.compile(r"\(\?P<(?P<name>[^>]+)>[^)]*\)")
_REGEX_GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)[*?+]?")


def fill(route: str, values: dict[str, str]) -> str:
    """The route with its parameters replaced by `values` (by parameter name; "1" when absent)."""

    def value(name: str) -> str:
        return str(values.get(name, "1"))

    path = _REGEX_NAMED.sub(lambda m: value(m.group("name")), route)
    path = _ROUTE_PARAM.sub(lambda m: value(m.group("name")), path)
    path = _REGEX_GROUP.sub("", path)  # an unnamed group (Wagtail's page path): the home page
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path
