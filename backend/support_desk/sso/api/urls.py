from django.urls import path

from support_desk.sso.api.views import OidcCallbackView, OidcConfigView, OidcStartView

urlpatterns = [
    path("auth/oidc/", OidcConfigView.as_view(), name="auth-oidc"),
    path("auth/oidc/start/", OidcStartView.as_view(), name="auth-oidc-start"),
    path("auth/oidc/callback/", OidcCallbackView.as_view(), name="auth-oidc-callback"),
]
