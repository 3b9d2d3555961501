from __future__ import annotations

from rest_framework import serializers

from support_desk.accounts.models import Role, SecurityEventKind, User


class UserSummarySerializer(serializers.ModelSerializer[User]):
    display_name = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)

    class Meta:
        model = User
        fields = ("id", "username", "display_name", "role")
        read_only_fields = fields


class LoginSerializer(serializers.Serializer[object]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})


class SignInLinkSerializer(serializers.Serializer[object]):
    token = serializers.CharField(max_length=400, help_text="The token of the link from the mail.")


class SignInLinkUsedSerializer(serializers.Serializer[object]):
    user = UserSummarySerializer()
    next = serializers.CharField(help_text="The page of the web app the link leads to.")


SECOND_FACTOR_STEPS = [("verify", "Enter a code"), ("setup", "Set up two-factor sign-in")]


class SessionUserSerializer(UserSummarySerializer):
    """The signed-in user, and the step a staff session still owes before anything else."""

    second_factor = serializers.ChoiceField(
        choices=SECOND_FACTOR_STEPS,
        allow_null=True,
        read_only=True,
        help_text="`verify`: the code is still owed; `setup`: two-factor sign-in must be set up first.",
    )

    class Meta:
        model = User
        fields: tuple[str, ...] = ("id", "username", "display_name", "role", "second_factor")
        read_only_fields = fields


class SecondFactorChallengeSerializer(serializers.Serializer[object]):
    second_factor = serializers.ChoiceField(choices=SECOND_FACTOR_STEPS[:1])
    detail = serializers.CharField()


class CodeSerializer(serializers.Serializer[object]):
    code = serializers.CharField(
        max_length=32, help_text="Six digits from the authenticator app, or a recovery code."
    )


class TwoFactorStatusSerializer(serializers.Serializer[object]):
    enabled = serializers.BooleanField()
    required = serializers.BooleanField(  # type: ignore[assignment]  # a field named like Field.required
        help_text="Required of staff here (REQUIRE_TWO_FACTOR_FOR_STAFF)."
    )
    recovery_codes_left = serializers.IntegerField()


class AuthenticatorSetupSerializer(serializers.Serializer[object]):
    secret = serializers.CharField(help_text="The secret in base32, to type into the app.")
    otpauth_url = serializers.CharField(help_text="The otpauth:// link the QR code holds.")
    qr_code = serializers.CharField(help_text="The QR code, as a data: URL of an SVG image.")


class RecoveryCodesSerializer(serializers.Serializer[object]):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Each works once; they are shown only now."
    )


class SignInSessionSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField()
    current = serializers.BooleanField(help_text="The session making this request.")


class SessionsEndedSerializer(serializers.Serializer[object]):
    ended = serializers.IntegerField()


class SecurityEventSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SecurityEventKind.choices)
    user = UserSummarySerializer(allow_null=True)
    username = serializers.CharField()
    created_at = serializers.DateTimeField()
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField()
    detail = serializers.DictField()
