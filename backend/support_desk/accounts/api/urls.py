from django.urls import path

from support_desk.accounts.api.views import (
    LoginVerifyView,
    LoginView,
    LogoutView,
    RecoveryCodesView,
    SecurityEventListView,
    SessionView,
    SignInLinkView,
    SignInSessionDetailView,
    SignInSessionListView,
    SignInSessionsEndOthersView,
    TwoFactorConfirmView,
    TwoFactorDisableView,
    TwoFactorSetupView,
    TwoFactorView,
    UserListView,
)

urlpatterns = [
    path("auth/session/", SessionView.as_view(), name="auth-session"),
    path("auth/login/", LoginView.as_view(), name="auth-login"),
    path("auth/login/verify/", LoginVerifyView.as_view(), name="auth-login-verify"),
    path("auth/magic-link/sign-in/", SignInLinkView.as_view(), name="auth-magic-link-sign-in"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("auth/two-factor/", TwoFactorView.as_view(), name="auth-two-factor"),
    path("auth/two-factor/setup/", TwoFactorSetupView.as_view(), name="auth-two-factor-setup"),
    path("auth/two-factor/confirm/", TwoFactorConfirmView.as_view(), name="auth-two-factor-confirm"),
    path("auth/two-factor/disable/", TwoFactorDisableView.as_view(), name="auth-two-factor-disable"),
    path(
        "auth/two-factor/recovery-codes/", RecoveryCodesView.as_view(), name="auth-two-factor-recovery-codes"
    ),
    path("auth/sessions/", SignInSessionListView.as_view(), name="auth-sessions"),
    path("auth/sessions/end-others/", SignInSessionsEndOthersView.as_view(), name="auth-sessions-end-others"),
    path("auth/sessions/<id:session_id>/", SignInSessionDetailView.as_view(), name="auth-session-end"),
    path("auth/security-events/", SecurityEventListView.as_view(), name="auth-security-events"),
    path("users/", UserListView.as_view(), name="user-list"),
]
