from wagtail import hooks

from people.sign_in_admin import IdentityProviderViewSet


@hooks.register("register_admin_viewset")
def register_sign_in_services():
    return IdentityProviderViewSet()
