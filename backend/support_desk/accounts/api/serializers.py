from __future__ import annotations

from rest_framework import serializers

from support_desk.accounts.models import Role, User


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
