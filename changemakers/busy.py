"""A write the database did not take in time is a 503 with a message, never a 500.

SQLite's writers wait their turn for at most the time-out (changemakers/sqlite/base.py), and a
PostgreSQL connection from the pool for at most its time-out; past it Django raises
OperationalError. The answer was not saved: the response says so in the participant's language
and asks to send it again (Retry-After). The phone's outbox (static/js/phone.js) keeps an answer
whose POST got a 5xx, 408 or 429 and sends it again; a plain form shows the message.
"""

import logging

from django.db import OperationalError, connection
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)
RETRY_AFTER = 5


def database_busy(error: BaseException) -> bool:
    """The database did not answer in time (or not at all): worth sending again. SQLite's other
    OperationalErrors (a missing table, say) are not."""
    if not isinstance(error, OperationalError):
        return False
    if connection.vendor == "sqlite":
        return "locked" in str(error) or "busy" in str(error)
    return True


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        logger.warning("%s %s: %s: answered 503", request.method, request.path, exception)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = "/"
        response = render(request, "503.html", {"back": back}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        if getattr(request, "htmx", False):
            response["HX-Reswap"] = "none"  # should a script swap it: not over the page
        return response
