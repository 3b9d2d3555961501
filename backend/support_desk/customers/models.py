"""What the customer side stores of its own: the public form tokens already used."""

from __future__ import annotations

from django.db import models


class UsedFormToken(models.Model):
    """A public form token that filed a request. The token's random id is the primary key, so
    recording a use is one INSERT: of two submissions with the same token, exactly one wins."""

    token_id = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField()
    # When the token would have expired anyway; the row is not needed after that.
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="usedformtoken_expires_idx")]

    def __str__(self) -> str:
        return f"form token {self.token_id} used at {self.used_at:%Y-%m-%d %H:%M}"
