"""allauth's hooks of single sign-on, applying groups/sign_in_rules.py: the first sign-in links by a
verified address of the provider's organisation, later ones by the provider's subject; accounts are
created only where the provider allows it; every sign-in, refusal and failure is audited."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render

from core import audit
from groups import addresses, sign_in_rules
from people import sign_in_queries, sign_in_services


class DirectorySocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # allauth's sign-up form never opens: accounts made at a first sign-in are made in
        # pre_social_login, partners come through an invitation's sign-up form.
        return False

    def authenticate_by_email(self, sociallogin):
        if self._orphaned(sociallogin):
            return None
        assertion = self._assertion(sociallogin)
        owner = sign_in_rules.account_to_link(assertion)
        if owner is None or not self.can_authenticate_by_email(sociallogin, assertion.email):
            return None
        addresses.record_directory_address(owner)
        return owner, assertion.email

    def pre_social_login(self, request, sociallogin) -> None:
        assertion = self._assertion(sociallogin)
        provider = assertion.provider
        try:
            if self._orphaned(sociallogin):
                raise sign_in_rules.Refusal("not_allowed", assertion.email)
            # allauth's is_existing means "the user is saved", which a match by address is too.
            if sociallogin.account.pk is not None:  # linked already: found by the subject
                if not sign_in_rules.may_sign_in(sociallogin.user, provider):
                    raise sign_in_rules.Refusal("not_allowed", assertion.email)
                method = "subject"
            elif sociallogin.user.pk is not None:
                method = "email"  # allauth connects the subject to the account as it logs in
            else:
                reason = sign_in_rules.why_unmatched(assertion)
                if reason is not None:
                    raise sign_in_rules.Refusal(reason, assertion.email)
                try:
                    with transaction.atomic():
                        user = sign_in_services.create_staff_member(provider, assertion.claims())
                        addresses.record_directory_address(user)
                        sociallogin.connect(request, user)
                except ValidationError:
                    # Another sign-in made the address meanwhile, or the service's settings changed.
                    raise sign_in_rules.Refusal("not_allowed", assertion.email) from None
                method = "created"
        except sign_in_rules.Refusal as refusal:
            audit.record(
                sociallogin.user if sociallogin.user.pk is not None else None,
                "sign_in.refused",
                target_type="socialaccount.provider",
                target_id=sociallogin.account.provider,
                reason=refusal.code,
                email=refusal.email,
                subject=sociallogin.account.uid,
            )
            raise ImmediateHttpResponse(_refusal_page(request, refusal.message)) from None
        if provider is not None:
            sign_in_services.fill_from_claims(sociallogin.user, provider, assertion.claims())
        audit.record(
            sociallogin.user,
            "sign_in.single_sign_on",
            sociallogin.user,
            provider=sociallogin.account.provider,
            method=method,
        )

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        # A bad answer: unknown issuer, wrong audience, an expired, replayed or badly signed token, a
        # state that does not match, or the person cancelled at the provider.
        audit.record(
            None,
            "sign_in.failed",
            target_type="socialaccount.provider",
            target_id=getattr(getattr(provider, "app", None), "provider_id", "") or getattr(provider, "id", ""),
            error=str(error or ""),
            exception=type(exception).__name__ if exception else "",
            detail=str(getattr(exception, "__cause__", None) or exception or "")[:300],
        )
        raise ImmediateHttpResponse(_refusal_page(request, sign_in_rules.FAILED, status=400))

    @staticmethod
    def _orphaned(sociallogin) -> bool:
        """A sign-in service of the database with no organisation's settings: it must not fall back to the
        rules of the environment's provider, which no organisation's domains limit."""
        provider_id = sociallogin.account.provider
        return sign_in_queries.provider_config(provider_id) is None and sign_in_queries.is_database_app(provider_id)

    @staticmethod
    def _assertion(sociallogin) -> sign_in_rules.Assertion:
        provider = sign_in_queries.provider_config(sociallogin.account.provider)
        if provider is None:
            # The provider configured by the environment: allauth's own reading of the address.
            verified = [e.email for e in sociallogin.email_addresses if e.verified]
            data = {"email": verified[0], "email_verified": True} if verified else {}
            if not verified and sociallogin.email_addresses:
                data = {"email": sociallogin.email_addresses[0].email, "email_verified": False}
            extra = sociallogin.account.extra_data or {}
            merged = sign_in_rules.assertion_of(extra, None).data
            return sign_in_rules.Assertion(data={**merged, **data}, provider=None)
        return sign_in_rules.assertion_of(sociallogin.account.extra_data or {}, provider)


def _refusal_page(request, message, status: int = 403):
    return render(request, "socialaccount/sign_in_refused.html", {"message": message}, status=status)
