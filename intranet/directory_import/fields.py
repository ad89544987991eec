"""Field rules for one value of an import line: each turns raw JSON into a clean Python value
or raises FieldError with a message an operator can act on."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from core.keys import KEY_PATTERN, validate_key


class FieldError(Exception):
    """A bad value; `path` locates it inside the field (e.g. "[1].level")."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path


class ListErrors(Exception):
    """Several bad items of a list. `usable` holds the good items (None for the bad ones), so
    their references can still be checked and every problem of the file is reported at once."""

    def __init__(self, errors: list[FieldError], usable: list):
        super().__init__(errors[0].message)
        self.errors = errors
        self.usable = usable


class Field:
    """A value of a line. `empty` is what an explicit null means for an optional field."""

    empty = ""

    def __init__(self, *, required: bool = False):
        self.required = required

    def clean(self, value):
        if value is None:
            if self.required:
                raise FieldError("is required")
            return self.empty
        return self.convert(value)

    def convert(self, value):
        raise NotImplementedError

    def references(self, value) -> list[tuple[str, str, str]]:
        """(path inside the field, type, key) of every object this value points to."""
        return []


def _text(value, what: str = "text") -> str:
    if not isinstance(value, str):
        raise FieldError(f"must be {what}")
    return value


class Text(Field):
    def __init__(self, max_length: int | None = None, *, required: bool = False):
        super().__init__(required=required)
        self.max_length = max_length

    def convert(self, value):
        value = _text(value)
        if self.required and not value.strip():
            raise FieldError("must not be empty")
        if self.max_length and len(value) > self.max_length:
            raise FieldError(f"must be at most {self.max_length} characters")
        return value


class Key(Field):
    def convert(self, value):
        value = _text(value)
        try:
            validate_key(value)
        except ValidationError:
            raise FieldError(f'"{value}" is not a valid key (pattern {KEY_PATTERN})') from None
        return value


class Email(Field):
    _validator = EmailValidator()

    def convert(self, value):
        value = _text(value).strip().lower()
        if not value and not self.required:
            return ""
        try:
            self._validator(value)
        except ValidationError:
            raise FieldError(f'"{value}" is not a valid email address') from None
        return value


class Url(Field):
    _validator = URLValidator(schemes=["http", "https"])

    def convert(self, value):
        value = _text(value).strip()
        if not value:
            return ""
        try:
            self._validator(value)
        except ValidationError:
            raise FieldError(f'"{value}" is not a valid http(s) address') from None
        return value


class Boolean(Field):
    def __init__(self, default: bool):
        super().__init__()
        self.default = default

    def clean(self, value):
        if not isinstance(value, bool):
            raise FieldError("must be true or false")
        return value


class Choice(Field):
    def __init__(self, choices, default: str | None = None, *, required: bool = False):
        super().__init__(required=required)
        self.choices = [value for value, _label in choices]
        self.default = default

    def clean(self, value):
        if value not in self.choices:
            raise FieldError(f"must be one of {', '.join(self.choices)}")
        return value


class Country(Field):
    def convert(self, value):
        value = _text(value)
        if len(value) != 2 or not value.isascii() or not value.isalpha():
            raise FieldError("must be a two-letter country code such as FI")
        return value.upper()


class Date(Field):
    empty = None

    def convert(self, value):
        try:
            return date.fromisoformat(_text(value, "a date"))
        except ValueError:
            raise FieldError(f'"{value}" is not a date like 2026-03-01') from None


class DateTime(Field):
    empty = None

    def convert(self, value):
        try:
            moment = datetime.fromisoformat(_text(value, "a date and time"))
        except ValueError:
            raise FieldError(f'"{value}" is not a date and time like 2026-03-01T09:30:00+02:00') from None
        # A time without an offset is read in the intranet's own time zone.
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Ref(Field):
    """The key of another object, in the same file or already in the database."""

    empty = None

    def __init__(self, target: str, *, required: bool = False):
        super().__init__(required=required)
        self.target = target

    def convert(self, value):
        return Key().convert(value)

    def references(self, value):
        return [("", self.target, value)] if value else []


class _List(Field):
    """A JSON array whose items are checked one by one; errors name the item, e.g. [2]."""

    def clean(self, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise FieldError("must be a list")
        cleaned, errors = [], []
        for index, item in enumerate(value):
            try:
                cleaned.append(self.item(item))
            except FieldError as error:
                errors.append(FieldError(error.message, f"[{index}]{error.path}"))
                cleaned.append(None)  # keeps the indexes of the good items
        if errors:
            raise ListErrors(errors, cleaned)
        self.check_unique(cleaned)
        return cleaned

    def item(self, value):
        raise NotImplementedError

    # What must not repeat within the list, and where inside an item it sits.
    identity_path = ""

    def identity(self, item):
        return item

    def check_unique(self, items) -> None:
        seen = set()
        for index, item in enumerate(items):
            identity = self.identity(item)
            if identity in seen:
                raise FieldError(f'"{identity}" is listed twice', f"[{index}]{self.identity_path}")
            seen.add(identity)


class TextList(_List):
    def __init__(self, max_length: int = 200, choices=None):
        super().__init__()
        self.max_length = max_length
        self.choices = [value for value, _label in choices] if choices else None

    def item(self, value):
        value = _text(value)
        if self.choices is not None and value not in self.choices:
            raise FieldError(f"must be one of {', '.join(self.choices)}")
        if not value.strip() or len(value) > self.max_length:
            raise FieldError(f"must be 1 to {self.max_length} characters")
        return value


class RefList(_List):
    def __init__(self, target: str):
        super().__init__()
        self.target = target

    def item(self, value):
        return Key().convert(value)

    def references(self, value):
        return [(f"[{index}]", self.target, key) for index, key in enumerate(value or []) if key is not None]


class SkillList(_List):
    """A person's skills: [{"skill": key, "level": 1-4, "confirmed": date or null}]."""

    allowed = {"skill", "level", "confirmed", "shown_to_guests"}

    def item(self, value):
        if not isinstance(value, dict):
            raise FieldError("must be an object with skill, level and confirmed")
        for name in value:
            if name not in self.allowed:
                raise FieldError("unknown field", f".{name}")
        if "skill" not in value:
            raise FieldError("is required", ".skill")
        try:
            skill = Key().convert(value["skill"])
        except FieldError as error:
            raise FieldError(error.message, ".skill") from None
        level = value.get("level", 2)
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
            raise FieldError("must be 1 to 4", ".level")
        try:
            confirmed = Date().clean(value.get("confirmed"))
        except FieldError as error:
            raise FieldError(error.message, ".confirmed") from None
        shown = value.get("shown_to_guests", False)
        if not isinstance(shown, bool):
            raise FieldError("must be true or false", ".shown_to_guests")
        return {"skill": skill, "level": level, "confirmed": confirmed, "shown_to_guests": shown}

    identity_path = ".skill"

    def identity(self, item):
        return item["skill"]

    def references(self, value):
        return [(f"[{index}].skill", "skill", item["skill"]) for index, item in enumerate(value or []) if item]
