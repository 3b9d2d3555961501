from rest_framework import serializers


class OidcConfigSerializer(serializers.Serializer[object]):
    enabled = serializers.BooleanField(help_text="Whether single sign-on is configured.")
    button_label = serializers.CharField(help_text='The button reads "Sign in with <button_label>".')
