"""Which account a person at the identity provider signs in to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class OidcIdentity(models.Model):
    """The link between a provider's account, named by its issuer and subject (`sub`, stable and
    never reassigned by the provider), and a Support Desk account. E-mail addresses change and
    can be claimed by anyone at some providers, so sign-in always goes through this link."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identities"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    # What the provider last said, for admins to recognise the link.
    email = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "OpenID Connect identity"
        verbose_name_plural = "OpenID Connect identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_issuer_subject_uniq"),
            # One account per person at a provider: a second link would make sign-in ambiguous.
            models.UniqueConstraint(fields=["issuer", "user"], name="oidc_identity_issuer_user_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer} → {self.user_id}"
