"""Home-realm discovery: a work address typed on the login page sends the person to their
organisation's sign-in service; an address of no such organisation goes to the password form."""

from urllib.parse import urlencode

from allauth.account.views import LoginView
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from groups.forms import DiscoveryForm
from people import sign_in_queries

_allauth_login = LoginView.as_view()


@login_not_required
def login(request, *args, **kwargs):
    """allauth's login page, whose forms may lead to the providers: the page's form-action policy lets
    the browser follow those redirects (Chromium blocks a form's redirect to an origin it does not list)."""
    response = _allauth_login(request, *args, **kwargs)
    origins = sign_in_queries.provider_origins()
    if origins:
        update = {"form-action": origins}  # added to the policy's own 'self'
        response._csp_update = update
        response._csp_update_ro = update
    return response


@login_not_required
@require_POST
def discover(request):
    form = DiscoveryForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    email = form.cleaned_data["email"] if form.is_valid() else ""
    provider = sign_in_queries.provider_for_address(email) if email else None
    if provider is None:
        query = {name: value for name, value in (("login", email), ("next", next_url)) if value}
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode(query)}#password-heading")
    return provider.app.get_provider(request).redirect(request, process="login", next_url=next_url or None)
