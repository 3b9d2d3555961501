from django.urls import path

from support_desk.accounts.api.views import LoginView, LogoutView, SessionView, UserListView

urlpatterns = [
    path("auth/session/", SessionView.as_view(), name="auth-session"),
    path("auth/login/", LoginView.as_view(), name="auth-login"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("users/", UserListView.as_view(), name="user-list"),
]
