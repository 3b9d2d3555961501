"""Sending over SMTP (EMAIL_URL): Django's backend, with STARTTLS whenever the server offers it
on smtp:// and never a password over an unencrypted connection. smtps:// (TLS from the start)
and an explicit EMAIL_USE_TLS behave exactly as Django's own backend."""

from __future__ import annotations

import smtplib
import ssl
from typing import Any

from django.core.mail.backends import smtp
from django.core.mail.utils import DNS_NAME


class EmailBackend(smtp.EmailBackend):
    def open(self) -> bool | None:
        if self.connection:
            return False
        if self.use_ssl or self.use_tls:
            return super().open()
        params: dict[str, Any] = {"local_hostname": DNS_NAME.get_fqdn()}
        if self.timeout is not None:
            params["timeout"] = self.timeout
        try:
            connection = smtplib.SMTP(self.host, self.port, **params)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=self._client_context())
                connection.ehlo()
            elif self.username:
                connection.close()
                raise smtplib.SMTPNotSupportedError(
                    "The mail server offers no STARTTLS; the password is not sent unencrypted."
                )
            if self.username and self.password:
                connection.login(self.username, self.password)
            self.connection = connection
            return True
        except OSError:
            if not self.fail_silently:
                raise
            return None

    def _client_context(self) -> ssl.SSLContext:
        """As Django's: the system's trusted certificates, and a client certificate when set."""
        context = ssl.create_default_context()
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context
