"""allauth's account pages, narrowed for guests."""

from allauth.account.views import email as allauth_email
from django.shortcuts import render

from groups import addresses


def email(request, *args, **kwargs):
    """A guest's address is the one their invitation proved: they cannot add, switch or remove
    addresses. A partner with a new mailbox gets a new invitation from their sponsor."""
    if request.user.is_authenticated and request.user.is_guest:
        return render(request, "groups/guest_email.html", status=403)
    if request.user.is_authenticated:
        # allauth would record a directory address it has not seen as unconfirmed; it is proven.
        addresses.record_directory_address(request.user)
    return allauth_email(request, *args, **kwargs)
