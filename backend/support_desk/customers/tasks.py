"""Background jobs of the customer side: mailing a sign-in link, purging used-up links and form
tokens."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from support_desk.accounts.services import user_for_email
from support_desk.accounts.sign_in_links import sign_in_links_purge
from support_desk.core.jobs import RecordedTask
from support_desk.customers.services import used_form_tokens_purge
from support_desk.mail.links import sign_in_link
from support_desk.mail.sending import AUTOMATIC_HEADERS, sender_address

logger = logging.getLogger(__name__)


@shared_task(base=RecordedTask, name="customers.send_sign_in_link")
def send_sign_in_link(email: str, next_path: str) -> str:
    """Mail a one-time sign-in link to the person behind `email`, if there is one who may use
    it (customers; staff only when an admin allowed it). Retried when sending fails."""
    user = user_for_email(email)
    if user is None or not user.may_use_sign_in_links:
        return "no mail"
    link = sign_in_link(user=user, next_path=next_path, max_age_seconds=settings.MAGIC_LINK_MAX_AGE_SECONDS)
    context = {
        "user": user,
        "link": link,
        "minutes": settings.MAGIC_LINK_MAX_AGE_SECONDS // 60,
        "support_name": settings.SUPPORT_EMAIL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Your sign-in link for {settings.SUPPORT_EMAIL_NAME}",
        body=render_to_string("customers/sign_in_link.txt", context).strip() + "\n",
        from_email=sender_address(),
        to=[user.email],
        headers=dict(AUTOMATIC_HEADERS),
    )
    message.attach_alternative(render_to_string("customers/sign_in_link.html", context), "text/html")
    message.send(fail_silently=False)
    logger.info("sign-in link sent", extra={"user_id": user.pk})
    return "sent"


@shared_task(base=RecordedTask, name="customers.purge_sign_in_links", max_retries=0)
def purge_sign_in_links() -> str:
    """Forget links that expired a day ago or more, and used form tokens past their age (the
    beat schedule runs it hourly)."""
    return f"{sign_in_links_purge()} purged, {used_form_tokens_purge()} form tokens purged"
