"""Reading what real mailboxes send: bodies, charsets, headers, files, quoting styles."""

from __future__ import annotations

import pytest

from support_desk.mail.parsing import UnreadableMail, parse_mail
from tests.mail import messages


def test_plain_message_gives_its_text_sender_and_subject() -> None:
    parsed = parse_mail(messages.plain(name="Maria Lopez"))
    assert parsed.text == "My invoice shows the wrong amount."
    assert (parsed.sender, parsed.sender_name) == ("maria@customer.test", "Maria Lopez")
    assert parsed.subject == "Invoice is wrong"
    assert parsed.message_id.endswith("@client.test")


def test_html_only_mail_becomes_readable_text_and_sanitised_html() -> None:
    parsed = parse_mail(messages.html_only())
    assert "The CSV export fails with error 500." in parsed.text
    assert "- Chrome" in parsed.text
    assert "- Firefox" in parsed.text
    assert "status page (https://status.example.com/)" in parsed.text
    assert "alert" not in parsed.text
    assert "color:red" not in parsed.text
    assert "<b>CSV export</b>" in parsed.html
    for unsafe in ("<script", "onerror", "<img", "<style", "tracker.example.com"):
        assert unsafe not in parsed.html
    assert 'rel="noopener noreferrer nofollow"' in parsed.html


def test_multipart_alternative_prefers_the_plain_part_and_keeps_the_html() -> None:
    parsed = parse_mail(messages.alternative())
    assert parsed.text == "Plain part: the login page rejects my password."
    assert "<i>rejects</i>" in parsed.html


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        ("Grüße aus Köln".encode("iso-8859-1"), "iso-8859-1", "Grüße aus Köln"),
        ("Grüße aus Köln".encode(), "iso-8859-1", "Grüße aus Köln"),  # declared latin-1, sent UTF-8
        ("Grüße aus Köln".encode(), None, "Grüße aus Köln"),  # no charset at all
        ("Grüße aus Köln".encode("cp1252"), "us-ascii", "Grüße aus Köln"),  # declared ASCII, 8-bit sent
        ("Привет, мир".encode("koi8-r"), "koi8-r", "Привет, мир"),
        ("Grüße".encode(), "x-unknown-charset", "Grüße"),  # a charset nobody knows
        ("日本語のテキスト".encode("shift_jis"), "shift_jis", "日本語のテキスト"),
    ],
)
def test_any_charset_declared_wrongly_or_not_at_all_reads_right(
    body: bytes, charset: str | None, expected: str
) -> None:
    assert parse_mail(messages.raw_text(body, charset=charset)).text == expected


def test_encoded_headers_and_quoted_printable_are_decoded() -> None:
    parsed = parse_mail(messages.encoded_headers())
    assert parsed.sender_name == "Jürgen Müller"
    assert parsed.subject == "Rechnung falsch \u2013 überwiesen €"
    assert parsed.text == "Grüße, die Rechnung ist falsch."


def test_attachments_and_inline_images_are_kept_with_safe_names() -> None:
    parsed = parse_mail(messages.with_attachments())
    files = {upload.filename: upload for upload in parsed.attachments}
    assert set(files) == {"inline-shot.png", "../../etc/passwd invoice.pdf", "résumé.log"}
    assert files["inline-shot.png"].is_inline
    assert files["inline-shot.png"].content == messages.PNG
    assert files["../../etc/passwd invoice.pdf"].content == messages.PDF
    assert parsed.text == "See the attached screenshot and log."


def test_forwarded_mail_keeps_the_forwarded_text_and_attached_message() -> None:
    parsed = parse_mail(messages.forwarded())
    assert "Our webhook integration has been failing" in parsed.text
    assert [upload.content_type for upload in parsed.attachments] == ["message/rfc822"]
    assert parsed.attachments[0].filename == "Original.eml"


@pytest.mark.parametrize(
    ("make", "new_text"),
    [
        (messages.gmail_reply, "Thanks, that fixed it!"),
        (messages.outlook_reply, "It is still broken after the update.\n\nBest regards,\nTom"),
        (messages.apple_reply, "Works now, thank you."),
    ],
)
def test_replies_from_common_clients_are_cut_at_the_quoted_history(make, new_text: str) -> None:
    parsed = parse_mail(make(sender="tom@customer.test", subject="[#1] Help", in_reply_to="<x@desk.test>"))
    assert parsed.new_text == new_text
    assert "please" in parsed.text.lower()  # the full text keeps the quote


def test_mail_without_message_id_is_read() -> None:
    parsed = parse_mail(messages.plain(message_id=None))
    assert parsed.message_id == ""


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02 not a mail at all", "no_headers"),
        (messages.nested_too_deep(), "nested_too_deeply"),
    ],
)
def test_what_cannot_be_read_says_why(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableMail) as caught:
        parse_mail(raw)
    assert caught.value.reason == reason


def test_too_many_parts_are_refused(settings) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "many@customer.test"
    message.set_content("x")
    for index in range(210):
        message.add_attachment(b"x", maintype="application", subtype="octet-stream", filename=f"{index}.bin")
    with pytest.raises(UnreadableMail) as caught:
        parse_mail(message.as_bytes())
    assert caught.value.reason == "too_many_parts"


def test_files_over_the_limits_are_left_out_and_named(settings) -> None:
    settings.MAX_ATTACHMENT_BYTES = 2048
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "big@customer.test"
    message.set_content("two files")
    message.add_attachment(b"a" * 1500, maintype="application", subtype="octet-stream", filename="small.bin")
    message.add_attachment(b"b" * 1500, maintype="application", subtype="octet-stream", filename="second.bin")
    message.add_attachment(b"c" * 5000, maintype="application", subtype="octet-stream", filename="huge.bin")
    parsed = parse_mail(message.as_bytes())
    assert [upload.filename for upload in parsed.attachments] == ["small.bin"]
    assert [name.split(" ")[0] for name in parsed.skipped_attachments] == ["second.bin", "huge.bin"]
