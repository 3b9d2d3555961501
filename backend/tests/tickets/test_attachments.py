"""Files on tickets and messages through the API: multipart uploads on creating a ticket and a
message, the limits, sanitised names, and downloads only for those who may see them, always
as attachments that cannot run in the browser."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.tickets import services
from support_desk.tickets.attachments import AttachmentUpload, sanitize_filename
from support_desk.tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def _file(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_ticket_created_with_files_keeps_them(requester_client: APIClient) -> None:
    response = requester_client.post(
        "/api/tickets/",
        {
            "title": "Broken export",
            "description": "See the files.",
            "files": [
                _file("report.csv", b"a,b\n1,2\n", "text/csv"),
                _file("shot.png", b"\x89PNG fake", "image/png"),
            ],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    ticket_id = response.json()["id"]
    files = requester_client.get(f"/api/tickets/{ticket_id}/attachments/").json()
    assert [(row["filename"], row["content_type"], row["size"], row["message_id"]) for row in files] == [
        ("report.csv", "text/csv", 8, None),
        ("shot.png", "image/png", 9, None),
    ]
    download = requester_client.get(files[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"a,b\n1,2\n"  # type: ignore[attr-defined]
    assert download["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"  # text is never rendered


def test_a_reply_with_files_shows_them_on_the_message(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = api_client.post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "Here is the fix.", "files": [_file("fix.patch", b"--- a\n+++ b\n")]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "web"
    assert [row["filename"] for row in body["attachments"]] == ["fix.patch"]
    listed = api_client.get(f"/api/tickets/{ticket.pk}/messages/").json()
    assert listed[0]["attachments"][0]["message_id"] == body["id"]


def test_svg_and_html_are_downloaded_never_rendered(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket(
        attachments=[AttachmentUpload(filename="logo.svg", content=SVG, content_type="image/svg+xml")]
    )
    attachment = Attachment.objects.get(ticket=ticket)
    response = api_client.get(f"/api/tickets/{ticket.pk}/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_internal_notes_files_are_for_agents_only(
    agent: User, requester: User, requester_client: APIClient, api_client: APIClient
) -> None:
    ticket = services.ticket_create(title="t", description="d", actor=requester)
    note = services.message_create(
        ticket_id=ticket.pk,
        author=agent,
        body="internal",
        is_internal=True,
        attachments=[AttachmentUpload(filename="secret.txt", content=b"s")],
    )
    attachment = Attachment.objects.get(message=note)
    url = f"/api/tickets/{ticket.pk}/attachments/{attachment.pk}/"
    assert requester_client.get(url).status_code == 404
    assert requester_client.get(f"/api/tickets/{ticket.pk}/attachments/").json() == []
    assert api_client.get(url).status_code == 200


def test_another_requesters_files_are_not_found(other_requester: User, requester_client: APIClient) -> None:
    ticket = services.ticket_create(
        title="t",
        description="d",
        actor=other_requester,
        attachments=[AttachmentUpload(filename="a.txt", content=b"a")],
    )
    attachment = Attachment.objects.get(ticket=ticket)
    assert requester_client.get(f"/api/tickets/{ticket.pk}/attachments/{attachment.pk}/").status_code == 404
    # Nor through a ticket of one's own.
    own = services.ticket_create(
        title="mine", description="d", actor=User.objects.get(username="customer-maria")
    )
    assert requester_client.get(f"/api/tickets/{own.pk}/attachments/{attachment.pk}/").status_code == 404


def test_files_over_the_limit_are_refused_with_413(api_client: APIClient, settings) -> None:
    settings.MAX_ATTACHMENT_BYTES = 2048
    too_big = api_client.post(
        "/api/tickets/",
        {"title": "t", "description": "d", "files": [_file("big.bin", b"x" * 3000)]},
        format="multipart",
    )
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "request_too_large"
    together = api_client.post(
        "/api/tickets/",
        {
            "title": "t",
            "description": "d",
            "files": [_file("a.bin", b"x" * 1500), _file("b.bin", b"y" * 1500)],
        },
        format="multipart",
    )
    assert together.status_code == 413
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_json_body_keeps_its_own_limit_while_uploads_may_be_larger(api_client: APIClient, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    big_file = api_client.post(
        "/api/tickets/",
        {"title": "t", "description": "d", "files": [_file("a.bin", b"x" * 100_000)]},
        format="multipart",
    )
    assert big_file.status_code == 201
    big_json = api_client.post("/api/tickets/", {"title": "t", "description": "d" * 10_000}, format="json")
    assert big_json.status_code == 413


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        (".htaccess", "htaccess"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ('bad"name\x00.txt', "bad'name.txt"),
        ("", "attachment"),
        ("...", "attachment"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(given: str, expected: str) -> None:
    assert sanitize_filename(given) == expected


def test_stored_paths_never_use_the_given_name_raw(make_ticket) -> None:
    ticket = make_ticket(attachments=[AttachmentUpload(filename="../../../x y.txt", content=b"x")])
    stored = Attachment.objects.get(ticket=ticket).file.name
    assert stored.startswith(f"tickets/{ticket.pk}/")
    assert ".." not in stored
    assert stored.endswith("/x_y.txt")
