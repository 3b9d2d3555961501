from django.urls import path

from support_desk.accounts.api.views import (
    LoginView,
    LogoutView,
    SessionView,
    SignInLinkView,
    UserListView,
)

urlpatterns = [
    path("auth/session/", SessionView.as_view(), name="auth-session"),
    path("auth/login/", LoginView.as_view(), name="auth-login"),
    path("auth/magic-link/sign-in/", SignInLinkView.as_view(), name="auth-magic-link-sign-in"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("users/", UserListView.as_view(), name="user-list"),
]
