"""Each ticket's language is detected offline, stored, shown to agents and filterable."""

from __future__ import annotations

import pytest

from support_desk.triage.language import detect_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I cannot log in to my account since yesterday, the password is rejected.", "en"),
        ("Ich kann mich seit gestern nicht mehr anmelden, das Passwort wird abgelehnt.", "de"),
        ("Je ne peux plus me connecter à mon compte depuis hier, le mot de passe est refusé.", "fr"),
        ("No puedo iniciar sesión en mi cuenta desde ayer, la contraseña es rechazada.", "es"),
        ("Non riesco ad accedere al mio account da ieri, la password viene rifiutata.", "it"),
        ("Não consigo entrar na minha conta desde ontem, a senha é recusada.", "pt"),
    ],
)
def test_the_language_is_detected_offline(text, code) -> None:
    assert detect_language(text) == code


def test_too_little_text_gets_no_language() -> None:
    assert detect_language("ok 123 !!") is None


def test_agents_see_and_filter_by_language(committed_ticket, api_client, requester_client, requester) -> None:
    german = committed_ticket(
        "Rechnung fehlt", "Ich habe meine Rechnung für März nicht bekommen.", requester=requester
    )
    english = committed_ticket("Missing invoice", "I did not receive my invoice for March.")
    assert api_client.get(f"/api/tickets/{german.pk}/").json()["language"] == "de"
    ids = [row["id"] for row in api_client.get("/api/tickets/?language=de").json()]
    assert ids == [german.pk]
    assert [row["id"] for row in api_client.get("/api/tickets/?language=en").json()] == [english.pk]
    assert requester_client.get(f"/api/tickets/{german.pk}/").json()["language"] is None


def test_an_unknown_language_is_a_400_naming_the_parameter(api_client) -> None:
    response = api_client.get("/api/tickets/?language=klingon")
    assert response.status_code == 400
    assert "language" in response.json()
