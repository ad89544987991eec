"""vCards (electronic business cards): a person's card from what the viewer may see, contacts' cards,
and reading uploaded cards for the contact import."""

import codecs
import re
from dataclasses import dataclass, field

import vobject
from django.utils.translation import gettext as _

from people.visibility import ProfileView


def _card(name: str, *, org: str = "", title: str = "", email: str = "", phone: str = "", note: str = ""):
    card = vobject.vCard()
    card.add("fn").value = name
    parts = name.rsplit(" ", 1)
    card.add("n").value = vobject.vcard.Name(family=parts[-1], given=parts[0] if len(parts) > 1 else "")
    if org:
        card.add("org").value = [org]
    if title:
        card.add("title").value = title
    if email:
        card.add("email").value = email
    if phone:
        card.add("tel").value = phone
    if note:
        card.add("note").value = note
    return card


def person_card(view: ProfileView) -> str:
    """Only the fields in the viewer's ProfileView go into the card."""
    return _card(
        view.name, org=view.organisation, title=view.title, email=view.email or "", phone=view.phone or ""
    ).serialize()


def contact_cards(contacts) -> str:
    return "".join(
        _card(
            c.name, org=c.organisation.name if c.organisation else "", title=c.role, email=c.email, phone=c.phone
        ).serialize()
        for c in contacts
    )


@dataclass
class ParsedCard:
    number: int
    line: int
    name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    errors: list[str] = field(default_factory=list)


def _first(card, name: str) -> str:
    prop = getattr(card, name, None)
    if prop is None:
        return ""
    value = prop.value
    if isinstance(value, list):
        value = " ".join(str(part) for part in value if part)
    return str(value).strip()


def _split_cards(text: str) -> list[tuple[int, str]]:
    """Each BEGIN:VCARD ... END:VCARD block with the line it starts on, so one bad card
    is reported by its line and does not hide the others."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().upper() == "BEGIN:VCARD":
            if current:
                blocks.append((start, "\n".join(current)))
            current, start = [line], number
        elif current:
            current.append(line)
            if line.strip().upper() == "END:VCARD":
                blocks.append((start, "\n".join(current)))
                current = []
        elif line.strip():
            blocks.append((number, line))
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


_CHARSET = re.compile(r";\s*CHARSET\s*=\s*\"?([^;:\"]*)", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_charset(block: str) -> tuple[int, str] | None:
    """The first property (its line within the block, and a message) whose CHARSET is not a text encoding
    Python knows: vobject would raise while decoding it, and name neither the field nor the line."""
    for offset, text in enumerate(block.splitlines()):
        if text[:1] in (" ", "\t") or ":" not in text:
            continue  # a folded continuation, or not a property
        head = text.split(":", 1)[0]
        found = _CHARSET.search(head)
        if found is None:
            continue
        name = found.group(1).strip()
        try:
            known = codecs.lookup(name)._is_text_encoding and name.lower() not in (
                "unicode_escape",
                "raw_unicode_escape",
            )
        except LookupError:
            known = False
        if not known:
            prop = head.split(";", 1)[0].strip().upper()[:40]
            return offset, _("%(field)s: unknown character set “%(charset)s”") % {"field": prop, "charset": name[:40]}
    return None


def parse_cards(data: bytes) -> list[ParsedCard]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [ParsedCard(0, 1, errors=[_("The file is not UTF-8 text.")])]
    cards = []
    for number, (line, block) in enumerate(_split_cards(text), start=1):
        parsed = ParsedCard(number, line)
        bad = _bad_charset(block)
        if bad is not None:
            parsed.line += bad[0]
            parsed.errors.append(bad[1])
            cards.append(parsed)
            continue
        try:
            card = vobject.readOne(block)
            if card.name != "VCARD":
                raise vobject.base.ParseError("not a vCard")
        except (vobject.base.ParseError, vobject.base.VObjectError, ValueError, AttributeError, LookupError) as error:
            # vobject counts lines within the card in its own way: report the card's first line instead.
            reason = re.sub(r"^At line \d+: ", "", str(error))[:120] or "?"
            parsed.errors.append(_("not a valid vCard (%(reason)s)") % {"reason": reason})
            cards.append(parsed)
            continue
        parsed.name = _first(card, "fn") or _first(card, "n")
        parsed.organisation, parsed.role = _first(card, "org"), _first(card, "title")
        parsed.email, parsed.phone = _first(card, "email").lower(), _first(card, "tel")
        for label, value in (
            ("FN", parsed.name),
            ("ORG", parsed.organisation),
            ("TITLE", parsed.role),
            ("EMAIL", parsed.email),
            ("TEL", parsed.phone),
        ):
            if _SURROGATE.search(value):  # a decoded charset can yield them; no database stores them
                parsed.errors.append(_("%(field)s: contains characters that are not valid text") % {"field": label})
                setattr(
                    parsed,
                    {"FN": "name", "ORG": "organisation", "TITLE": "role", "EMAIL": "email", "TEL": "phone"}[label],
                    _SURROGATE.sub("\ufffd", value),
                )
        if not parsed.name:
            parsed.errors.append(_("the card has no name (FN)"))
        if len(parsed.name) > 200 or len(parsed.role) > 200 or len(parsed.phone) > 40:
            parsed.errors.append(_("a field is too long"))
        if parsed.email:
            from django.core.exceptions import ValidationError
            from django.core.validators import validate_email

            try:
                validate_email(parsed.email)
            except ValidationError:
                parsed.errors.append(_("%(email)s is not an email address") % {"email": parsed.email})
        cards.append(parsed)
    if not cards:
        cards.append(ParsedCard(0, 1, errors=[_("The file has no vCards.")]))
    return cards
