"""The demo's people: an admin, two agents and several requesters, with known sign-ins."""

from __future__ import annotations

from dataclasses import dataclass

from support_desk.accounts.models import Role, User
from support_desk.accounts.services import user_ensure


@dataclass(frozen=True)
class DemoPerson:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin", "demo-admin-2026", Role.ADMIN, "Ada", "Admin"),
    DemoPerson("alex", "demo-agent-2026", Role.AGENT, "Alex", "Rivera"),
    DemoPerson("sam", "demo-agent-2026", Role.AGENT, "Sam", "Okafor"),
    DemoPerson("maria", "demo-customer-2026", Role.REQUESTER, "Maria", "Keller"),
    DemoPerson("tom", "demo-customer-2026", Role.REQUESTER, "Tom", "Nguyen"),
    DemoPerson("priya", "demo-customer-2026", Role.REQUESTER, "Priya", "Shah"),
    DemoPerson("lena", "demo-customer-2026", Role.REQUESTER, "Lena", "Johansson"),
    DemoPerson("omar", "demo-customer-2026", Role.REQUESTER, "Omar", "Haddad"),
)


def demo_people_ensure(*, using: str = "default") -> tuple[list[User], list[DemoPerson]]:
    """Create the demo people that are missing; returns all of them and the ones created."""
    users: list[User] = []
    created_people: list[DemoPerson] = []
    for person in DEMO_PEOPLE:
        user, created = user_ensure(
            username=person.username,
            role=person.role,
            password=person.password,
            email=f"{person.username}@example.com",
            using=using,
        )
        if created:
            User.objects.using(using).filter(pk=user.pk).update(
                first_name=person.first_name, last_name=person.last_name
            )
            created_people.append(person)
        users.append(user)
    return users, created_people
