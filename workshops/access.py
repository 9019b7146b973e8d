"""Who may do what with an event: the one check every console, organiser, moderation and editor
view goes through (`event_view`), and what the pages ask to show only the allowed controls.

An owner may do everything; a facilitator runs the day (the program, exercises, timer,
projector, polls) and moderates, sees and downloads the results, but deletes and edits nothing;
a moderator handles the questions to the speaker and hides or features answers, nothing else.
An administrator (superuser) may do everything with every event. Anything else is a 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from workshops.models import Event, Membership
from workshops.presenters import SESSION_PARTICIPANT

Role = Membership.Role

# What each action needs: the roles allowed to do it.
SEE = "see"  # the console, the projector page, the lists of answers and questions
RUN = "run"  # drive the day: move, open/close, timer, projector, polls, approval
MODERATE = "moderate"  # questions to the speaker, hide/feature answers
RESULTS = "results"  # results, downloads, the report, the workshop file, duplicating
OWN = "own"  # edit the content, members, sharing, deleting answers
ALLOWED: dict[str, frozenset[str]] = {
    SEE: frozenset({Role.OWNER, Role.FACILITATOR, Role.MODERATOR}),
    RUN: frozenset({Role.OWNER, Role.FACILITATOR}),
    MODERATE: frozenset({Role.OWNER, Role.FACILITATOR, Role.MODERATOR}),
    RESULTS: frozenset({Role.OWNER, Role.FACILITATOR}),
    OWN: frozenset({Role.OWNER}),
}


@dataclass(frozen=True)
class Access:
    """One account's rights on one event, for views and templates (`access.run` …)."""

    role: str | None

    def allows(self, action: str) -> bool:
        return self.role in ALLOWED[action]

    def __getattr__(self, action: str) -> bool:
        """`access.run`, `access.own` …: whether the action is allowed (in templates too)."""
        if action in ALLOWED:
            return self.allows(action)
        raise AttributeError(action)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def access_to(user, event: Event) -> Access:
    if is_administrator(user):
        return Access(Role.OWNER)
    if not user.is_authenticated or not user.is_active:
        return Access(None)
    role = event.memberships.filter(user=user).values_list("role", flat=True).first()
    return Access(role)


def events_for(user) -> QuerySet:
    """The events an account sees in its list: its own, or every one for an administrator."""
    if is_administrator(user):
        return Event.objects.all()
    return Event.objects.filter(memberships__user=user).distinct()


def may_create_events(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def account_required(view: Callable) -> Callable:
    """Anonymous visitors go to the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def event_view(action: str) -> Callable:
    """For a view of one event (`event_id` in its URL): anonymous visitors log in, an account
    without the right gets 403, and the view gets the event (and `request.access`)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, event_id: int, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.session.get(SESSION_PARTICIPANT) is not None:
                    raise PermissionDenied  # a phone that wandered here: no login page
                return redirect_to_login(request.get_full_path())
            event = get_object_or_404(Event, pk=event_id)
            access = access_to(request.user, event)
            if not access.allows(action):
                raise PermissionDenied
            request.access = access
            return view(request, event, *args, **kwargs)

        return never_cache(wrapped)

    return decorate
