"""How a page shows a service's refusal: on the form, which re-renders with what the user typed, or as
a message on the page the view redirects to. One helper instead of an `except` block per view."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages

from core.errors import SERVICE_ERRORS, error_text


@dataclass
class ServiceCall:
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@contextmanager
def shown_errors(request, form=None, field: str | None = None):
    """Runs the block; a service error in it is shown (on `form`'s `field`, or as a message) and kept
    on the yielded call, whose `ok` says whether the block finished."""
    call = ServiceCall()
    try:
        yield call
    except SERVICE_ERRORS as error:
        call.error = error
        if form is not None:
            form.add_error(field, error_text(error))
        else:
            messages.error(request, error_text(error))
