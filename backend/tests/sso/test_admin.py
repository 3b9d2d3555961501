"""Admins see the links between provider accounts and Support Desk accounts, and may remove one;
nobody adds one by hand (a link is made only by signing in)."""

from __future__ import annotations

import pytest
from django.test import Client

from support_desk.accounts.models import User
from support_desk.sso.models import OidcIdentity


@pytest.mark.django_db
def test_admins_see_and_remove_links_but_cannot_add_one(admin_user: User, agent: User) -> None:
    link = OidcIdentity.objects.create(
        user=agent, issuer="https://login.example.com", subject="alex-at-idp", email="alex@corp.test"
    )
    client = Client()
    client.force_login(admin_user)

    listing = client.get("/admin/sso/oidcidentity/")
    assert listing.status_code == 200
    assert b"alex-at-idp" in listing.content
    assert client.get("/admin/sso/oidcidentity/add/").status_code == 403

    removed = client.post(f"/admin/sso/oidcidentity/{link.pk}/delete/", {"post": "yes"})
    assert removed.status_code == 302
    assert not OidcIdentity.objects.exists()


@pytest.mark.django_db
def test_agents_do_not_see_the_links(agent: User) -> None:
    client = Client()
    client.force_login(agent)

    assert client.get("/admin/sso/oidcidentity/").status_code == 302  # to the admin's sign-in
