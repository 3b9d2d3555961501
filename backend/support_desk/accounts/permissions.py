"""Who may do what: the role checks used by every API view."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from support_desk.accounts.models import User


def is_agent(user: Any) -> bool:
    return isinstance(user, User) and user.is_agent


def is_admin(user: Any) -> bool:
    return isinstance(user, User) and user.is_admin


class IsAgent(BasePermission):
    """Agents and admins only; requesters get 403."""

    message = "Only support agents can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_agent(request.user)


class IsAdmin(BasePermission):
    """Admins only; agents and requesters get 403."""

    message = "Only admins can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_admin(request.user)
