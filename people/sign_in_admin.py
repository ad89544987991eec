"""The Wagtail admin's pages for the sign-in services of home organisations: an administrator adds or
changes a municipality's OpenID Connect provider without a redeploy. One form holds allauth's side
(name, id, issuer, client, secret) and the organisation's (its email domains, account creation, which
claims fill what); saving goes through people.sign_in_services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from people.models import IdentityProvider, Organisation
from people.sign_in_services import CLAIM_FIELDS, ProviderSettings, check_provider, save_provider


class IdentityProviderForm(WagtailAdminModelForm):
    name = forms.CharField(label=_("Name on the login button"), max_length=40)
    provider_id = forms.SlugField(
        label=_("Provider id"),
        max_length=200,
        help_text=_("Part of the callback address /accounts/oidc/<id>/login/callback/ registered at the provider."),
    )
    server_url = forms.URLField(
        label=_("Issuer URL"),
        assume_scheme="https",
        help_text=_("The address whose /.well-known/openid-configuration describes the provider."),
    )
    client_id = forms.CharField(label=_("Client id"), max_length=191)
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored secret."),
    )
    email_domains = forms.CharField(
        label=_("Email domains of the organisation"),
        max_length=1000,
        help_text=_("Comma-separated, e.g. kerava.fi, edu.kerava.fi."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["organisation", "create_accounts", *CLAIM_FIELDS]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["organisation"].queryset = Organisation.objects.filter(is_home=True)
        if self.instance.pk:
            app = self.instance.app
            self.initial.update(
                name=app.name,
                provider_id=app.provider_id,
                server_url=(app.settings or {}).get("server_url", ""),
                client_id=app.client_id,
                email_domains=", ".join(self.instance.organisation.email_domains),
            )
        else:
            self.fields["secret"].required = True
            self.fields["secret"].help_text = ""

    def clean_email_domains(self):
        domains = [d.strip().lower() for d in self.cleaned_data["email_domains"].split(",") if d.strip()]
        for domain in domains:
            if "." not in domain or "@" in domain or " " in domain:
                raise forms.ValidationError(_("%(domain)s is not a domain name.") % {"domain": domain})
        return domains

    def settings_given(self) -> ProviderSettings:
        data = self.cleaned_data
        return ProviderSettings(
            name=data["name"],
            provider_id=data["provider_id"],
            server_url=data["server_url"],
            client_id=data["client_id"],
            secret=data.get("secret") or "",
            organisation=data["organisation"],
            email_domains=data["email_domains"],
            create_accounts=data["create_accounts"],
            claims={name: data.get(name) or "" for name in CLAIM_FIELDS},
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                check_provider(self.instance if self.instance.pk else None, self.settings_given())
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        self.instance = save_provider(self.for_user, self.instance if self.instance.pk else None, self.settings_given())
        return self.instance


class IdentityProviderViewSet(ModelViewSet):
    model = IdentityProvider
    icon = "key"
    menu_label = _("Sign-in services")
    add_to_settings_menu = True
    list_display = ["__str__", "organisation", "create_accounts"]
    name = "sign_in_services"

    def get_form_class(self, for_update=False):
        return IdentityProviderForm
