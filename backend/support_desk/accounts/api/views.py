"""Sign-in for the web app (Django sessions with CSRF) and the directory of agents."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import CSRFCheck
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.accounts.api.serializers import (
    LoginSerializer,
    SignInLinkSerializer,
    SignInLinkUsedSerializer,
    UserSummarySerializer,
)
from support_desk.accounts.models import STAFF_ROLES, Role, User
from support_desk.accounts.permissions import IsAgent
from support_desk.accounts.sign_in_links import sign_in_link_use
from support_desk.core.throttles import ScopedThrottle


def _enforce_csrf(request: Request) -> None:
    """Login is a state-changing form post too: without CSRF an attacker could sign a victim in."""

    def no_view(request: Any) -> HttpResponse:
        return HttpResponse()

    check = CSRFCheck(no_view)
    check.process_request(request._request)
    reason = check.process_view(request._request, no_view, (), {})
    if reason:
        raise PermissionDenied(f"CSRF failed: {reason}")


@method_decorator(ensure_csrf_cookie, name="dispatch")
class SessionView(APIView):
    """The signed-in user; also sets the CSRF cookie the web app sends back on writes."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: UserSummarySerializer, 401: OpenApiResponse(description="Not signed in.")})
    def get(self, request: Request) -> Response:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        return Response(UserSummarySerializer(request.user).data)


class LoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(request=LoginSerializer, responses={200: UserSummarySerializer})
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        payload = LoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None:
            raise ValidationError({"non_field_errors": ["Unknown username or wrong password."]})
        login(request._request, user)
        return Response(UserSummarySerializer(user).data)


class SignInLinkView(APIView):
    """Sign in with the token of a link from a mail (the web app's /sign-in/link page posts it,
    so a mail scanner that merely opens links does not use them up)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=SignInLinkSerializer,
        responses={200: SignInLinkUsedSerializer},
        summary="Sign in with a one-time link from a mail",
    )
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        payload = SignInLinkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        signed_in = sign_in_link_use(token=payload.validated_data["token"])
        if signed_in is None:
            raise ValidationError(
                {"token": ["This sign-in link has expired or was already used. Ask for a new one."]}
            )
        login(request._request, signed_in.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response({"user": UserSummarySerializer(signed_in.user).data, "next": signed_in.next_path})


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserListView(APIView):
    """People a ticket can be assigned to (agents) or filtered by; agents only."""

    permission_classes = [IsAuthenticated, IsAgent]

    @extend_schema(
        parameters=[
            OpenApiParameter("role", str, enum=Role.values, description="Only users with this role.")
        ],
        responses=UserSummarySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        role = request.query_params.get("role")
        users = User.objects.filter(is_active=True).order_by("username")
        if role is not None:
            if role not in Role.values:
                return Response({"role": [f"Must be one of: {', '.join(Role.values)}."]}, status=400)
            users = users.filter(role=role)
        else:
            users = users.filter(role__in=STAFF_ROLES)
        return Response(UserSummarySerializer(users[:500], many=True).data)
