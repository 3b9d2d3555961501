"""Sign-in for the web app (Django sessions with CSRF, a second factor for staff who set one
up), a person's sessions and second factor, the record of sign-ins, and the directory of agents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import authenticate, login, logout
from django.db.models import QuerySet
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

from support_desk.accounts import sign_in_sessions, two_factor
from support_desk.accounts.api.serializers import (
    AuthenticatorSetupSerializer,
    CodeSerializer,
    LoginSerializer,
    RecoveryCodesSerializer,
    SecondFactorChallengeSerializer,
    SecurityEventSerializer,
    SessionsEndedSerializer,
    SessionUserSerializer,
    SignInLinkSerializer,
    SignInLinkUsedSerializer,
    SignInSessionSerializer,
    TwoFactorStatusSerializer,
    UserSummarySerializer,
)
from support_desk.accounts.authentication import SessionAuthentication
from support_desk.accounts.models import STAFF_ROLES, Role, SecurityEvent, SecurityEventKind, User
from support_desk.accounts.permissions import IsAdmin, IsAgent
from support_desk.accounts.security_events import SIGN_IN_METHOD_ATTRIBUTE, security_events_for_admins
from support_desk.accounts.sign_in_links import sign_in_link_use
from support_desk.accounts.two_factor import SecondFactorStep, WrongCode
from support_desk.core.strict_input import parse_whole_number
from support_desk.core.throttles import ScopedThrottle

T = TypeVar("T")
ANY_SIGN_IN_STEP = (SecondFactorStep.VERIFY, SecondFactorStep.SETUP)
SECURITY_EVENTS_PAGE = 200


def _enforce_csrf(request: Request) -> None:
    """Login is a state-changing form post too: without CSRF an attacker could sign a victim in."""

    def no_view(request: Any) -> HttpResponse:
        return HttpResponse()

    check = CSRFCheck(no_view)
    check.process_request(request._request)
    reason = check.process_view(request._request, no_view, (), {})
    if reason:
        raise PermissionDenied(f"CSRF failed: {reason}")


def _session_user(user: User, step: SecondFactorStep | None) -> dict[str, Any]:
    return {**UserSummarySerializer(user).data, "second_factor": None if step is None else step.value}


def session_user_data(request: Request, user: User) -> dict[str, Any]:
    """The signed-in user as `GET /api/auth/session/` shows them, with the step still owed."""
    return _session_user(user, two_factor.second_factor_step(request._request, user))


def _signed_in(request: Request) -> User:
    """The caller of a view whose permissions let only signed-in people through."""
    user = request.user
    assert isinstance(user, User)
    return user


def _with_code(request: Request, action: Callable[[str], T]) -> T:
    """Runs `action` with the body's `code`; a wrong code is a 400 on the `code` field."""
    payload = CodeSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        return action(str(payload.validated_data["code"]))
    except WrongCode as wrong:
        raise ValidationError({"code": [wrong.detail]}) from None


@method_decorator(ensure_csrf_cookie, name="dispatch")
class SessionView(APIView):
    """The signed-in user; also sets the CSRF cookie the web app sends back on writes."""

    permission_classes = [AllowAny]
    partial_sign_in_steps = ANY_SIGN_IN_STEP

    @extend_schema(responses={200: SessionUserSerializer, 401: OpenApiResponse(description="Not signed in.")})
    def get(self, request: Request) -> Response:
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        return Response(session_user_data(request, request.user))


class LoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: SessionUserSerializer,
            202: OpenApiResponse(
                SecondFactorChallengeSerializer,
                description="The password was right; send the code to POST /api/auth/login/verify/.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        payload = LoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if not isinstance(user, User):
            raise ValidationError({"non_field_errors": ["Unknown username or wrong password."]})
        step = two_factor.sign_in_after_password(request=request._request, user=user)
        if step == SecondFactorStep.VERIFY:
            return Response(
                {"second_factor": step.value, "detail": "Enter the code from your authenticator app."},
                status=status.HTTP_202_ACCEPTED,
            )
        return Response(_session_user(user, step))


class LoginVerifyView(APIView):
    """The second step of a staff sign-in: the code from the authenticator app, or a recovery
    code. Each wrong code counts as a failed sign-in (the lockout answers 429 past the limit)."""

    permission_classes = [AllowAny]
    # The session is read by the sign-in itself (the pending password step, or a session that
    # came in through a link and still owes its code).
    authentication_classes: list[type] = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(request=CodeSerializer, responses={200: SessionUserSerializer})
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        user = _with_code(
            request, lambda code: two_factor.sign_in_with_code(request=request._request, code=code)
        )
        return Response(session_user_data(request, user))


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
        setattr(request._request, SIGN_IN_METHOD_ATTRIBUTE, "link")
        login(request._request, signed_in.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response({"user": UserSummarySerializer(signed_in.user).data, "next": signed_in.next_path})


class LogoutView(APIView):
    permission_classes = [AllowAny]
    partial_sign_in_steps = ANY_SIGN_IN_STEP

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


class IsBrowserSession(IsAgent):
    """Staff, signed in through the web app: an API token cannot change how its owner signs in."""

    message = "Two-factor sign-in is changed from a signed-in browser, by agents and admins."

    def has_permission(self, request: Request, view: Any) -> bool:
        # The session must be what signed the caller in: a bearer token sent beside any session
        # cookie authenticates first, and its `request.auth` is None like a session's.
        return super().has_permission(request, view) and isinstance(
            request.successful_authenticator, SessionAuthentication
        )


class TwoFactorView(APIView):
    """Whether two-factor sign-in is on for the signed-in staff member."""

    permission_classes = [IsAuthenticated, IsAgent]
    partial_sign_in_steps = (SecondFactorStep.SETUP,)

    @extend_schema(responses={200: TwoFactorStatusSerializer})
    def get(self, request: Request) -> Response:
        user = _signed_in(request)
        return Response(
            {
                "enabled": two_factor.two_factor_enabled(user),
                "required": two_factor.two_factor_required(user),
                "recovery_codes_left": two_factor.recovery_codes_left(user),
            }
        )


class TwoFactorSetupView(APIView):
    """Start setting up the authenticator app: a new secret, shown as a QR code and as text."""

    permission_classes = [IsAuthenticated, IsBrowserSession]
    partial_sign_in_steps = (SecondFactorStep.SETUP,)

    @extend_schema(request=None, responses={201: AuthenticatorSetupSerializer})
    def post(self, request: Request) -> Response:
        setup = two_factor.authenticator_setup_begin(user=_signed_in(request))
        return Response(
            {"secret": setup.secret, "otpauth_url": setup.otpauth_url, "qr_code": setup.qr_code},
            status=status.HTTP_201_CREATED,
        )


class TwoFactorConfirmView(APIView):
    """Turn two-factor sign-in on with a code the app shows; answers the recovery codes, once."""

    permission_classes = [IsAuthenticated, IsBrowserSession]
    partial_sign_in_steps = (SecondFactorStep.SETUP,)

    @extend_schema(request=CodeSerializer, responses={200: RecoveryCodesSerializer})
    def post(self, request: Request) -> Response:
        codes = _with_code(
            request,
            lambda code: two_factor.authenticator_setup_confirm(
                request=request._request, user=_signed_in(request), code=code
            ),
        )
        return Response({"recovery_codes": codes})


class TwoFactorDisableView(APIView):
    """Turn two-factor sign-in off, with a code (not while it is required of staff)."""

    permission_classes = [IsAuthenticated, IsBrowserSession]

    @extend_schema(request=CodeSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        _with_code(
            request,
            lambda code: two_factor.two_factor_disable(
                request=request._request, user=_signed_in(request), code=code
            ),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecoveryCodesView(APIView):
    """New recovery codes, with a code as proof; the old ones stop working."""

    permission_classes = [IsAuthenticated, IsBrowserSession]

    @extend_schema(request=CodeSerializer, responses={200: RecoveryCodesSerializer})
    def post(self, request: Request) -> Response:
        codes = _with_code(
            request,
            lambda code: two_factor.recovery_codes_regenerate(
                request=request._request, user=_signed_in(request), code=code
            ),
        )
        return Response({"recovery_codes": codes})


class SignInSessionListView(APIView):
    """The signed-in person's own sessions that still sign them in."""

    @extend_schema(responses=SignInSessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        current = request.session.session_key if request.auth is None else None
        rows = [
            {
                "id": row.pk,
                "created_at": row.created_at,
                "last_seen_at": row.last_seen_at,
                "ip_address": row.ip_address,
                "user_agent": row.user_agent,
                "current": current is not None and row.session_key == current,
            }
            for row in sign_in_sessions.sign_in_sessions_active(user=_signed_in(request))[:100]
        ]
        return Response(SignInSessionSerializer(rows, many=True).data)


class SignInSessionDetailView(APIView):
    """End one of the person's own sessions (another person's is 404, as one that is gone)."""

    @extend_schema(responses={204: None, 404: OpenApiResponse(description="No such session of yours.")})
    def delete(self, request: Request, session_id: int) -> Response:
        sign_in_sessions.sign_in_session_end(
            user=_signed_in(request), session_id=session_id, request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignInSessionsEndOthersView(APIView):
    """Sign out everywhere else: every session of the person but this one."""

    @extend_schema(request=None, responses={200: SessionsEndedSerializer})
    def post(self, request: Request) -> Response:
        ended = sign_in_sessions.sign_in_sessions_end_others(
            user=_signed_in(request), request=request._request
        )
        return Response({"ended": ended})


class SecurityEventListView(APIView):
    """Sign-ins, failures, second-factor changes and ended sessions, newest first; admins only."""

    permission_classes = [IsAuthenticated, IsAdmin]

    @extend_schema(
        parameters=[
            OpenApiParameter("user", int, description="Only this person's events."),
            OpenApiParameter("kind", str, enum=SecurityEventKind.values, description="Only this kind."),
        ],
        responses=SecurityEventSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        raw_user = request.query_params.get("user")
        user_id = parse_whole_number(raw_user)
        if raw_user is not None and user_id is None:
            raise ValidationError({"user": ["Must be a user id (a whole number)."]})
        kind = request.query_params.get("kind")
        if kind is not None and kind not in SecurityEventKind.values:
            raise ValidationError({"kind": [f"Must be one of: {', '.join(SecurityEventKind.values)}."]})
        events: QuerySet[SecurityEvent] = security_events_for_admins(user_id=user_id, kind=kind)
        return Response(SecurityEventSerializer(events[:SECURITY_EVENTS_PAGE], many=True).data)
