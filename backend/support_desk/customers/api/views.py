"""HTTP surface of the customer side: the public request form, asking for a sign-in link, and
rating through a mail's link. All are open to anyone (no sign-in, no cookies, so other sites
listed in CORS_ALLOWED_ORIGINS may call them) and throttled per client and per address."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support_desk.core.parsers import LimitedMultiPartParser, SafeJSONParser
from support_desk.customers import services
from support_desk.customers.api.serializers import (
    DetailSerializer,
    MagicLinkRequestSerializer,
    PublicFormSerializer,
    PublicTicketAcceptedSerializer,
    PublicTicketSerializer,
    PublicTicketUploadSerializer,
    RatingRecordedSerializer,
    TokenRatingSerializer,
)
from support_desk.customers.throttles import PublicAddressThrottle, PublicClientThrottle, RatingThrottle
from support_desk.tickets.api.views import request_uploads

ACCEPTED = "Thank you: your request is filed. We have sent a confirmation by mail, with a link to follow it."
LINK_ON_ITS_WAY = (
    "If this address belongs to an account, a sign-in link is on its way. Check your mail; the link"
    " works once."
)


class PublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [PublicClientThrottle, PublicAddressThrottle]
    throttle_name = ""


class PublicFormView(PublicView):
    throttle_classes = []

    @extend_schema(responses=PublicFormSerializer, summary="Whether the public form is open, and its token")
    def get(self, request: Request) -> Response:
        enabled = settings.PUBLIC_REQUESTS_ENABLED
        return Response(
            {
                "enabled": enabled,
                "form_token": services.form_token_issue() if enabled else "",
                "min_fill_seconds": settings.PUBLIC_FORM_MIN_SECONDS,
                "max_attachment_bytes": settings.MAX_ATTACHMENT_BYTES,
                "max_attachments": settings.MAX_ATTACHMENTS_PER_MESSAGE,
            }
        )


class PublicTicketView(PublicView):
    parser_classes = [SafeJSONParser, LimitedMultiPartParser]
    throttle_name = "tickets"

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        # Turned off is a clear refusal before anything else (throttles included).
        if not settings.PUBLIC_REQUESTS_ENABLED:
            raise services.PublicRequestsDisabled()
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": PublicTicketSerializer,
            "multipart/form-data": PublicTicketUploadSerializer,
        },
        responses={
            202: PublicTicketAcceptedSerializer,
            403: OpenApiResponse(description="The public form is turned off (PUBLIC_REQUESTS_ENABLED)."),
            409: OpenApiResponse(description="The form token already filed a request: reload the form."),
        },
        summary="File a request without signing in (the public form)",
    )
    def post(self, request: Request) -> Response:
        payload = PublicTicketSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        form_token = services.form_check(form_token=data["form_token"], honeypot=data["website"])
        ticket = services.public_request_submit(
            form_token=form_token,
            name=data["name"],
            email=data["email"],
            title=data["title"],
            description=data["description"],
            attachments=request_uploads(request),
        )
        return Response({"ticket_number": ticket.pk, "detail": ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class MagicLinkRequestView(PublicView):
    throttle_name = "magic_link"

    @extend_schema(
        request=MagicLinkRequestSerializer,
        responses={202: DetailSerializer},
        summary="Mail me a one-time sign-in link (the same answer for every address)",
    )
    def post(self, request: Request) -> Response:
        payload = MagicLinkRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.sign_in_link_request(
            email=payload.validated_data["email"], next_path=payload.validated_data.get("next")
        )
        return Response({"detail": LINK_ON_ITS_WAY}, status=status.HTTP_202_ACCEPTED)


class PublicRatingView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [RatingThrottle]

    @extend_schema(
        request=TokenRatingSerializer,
        responses={
            200: RatingRecordedSerializer,
            409: OpenApiResponse(description="Reopened or resolved again since the link was sent."),
        },
        summary='Answer "How did we do?" with a mail\'s rating link (no sign-in)',
    )
    def post(self, request: Request) -> Response:
        payload = TokenRatingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        recorded = services.rating_by_token(
            token=payload.validated_data["token"],
            rating=payload.validated_data["rating"],
            comment=payload.validated_data.get("comment"),
        )
        return Response(
            {
                "ticket_number": recorded.ticket.pk,
                "title": recorded.ticket.title,
                "resolution": recorded.survey.number,
                "rating": recorded.survey.rating,
                "comment": recorded.survey.comment,
            }
        )
