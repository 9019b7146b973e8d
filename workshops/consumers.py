"""The live sockets: a phone's (the "now" state and the question list pushed to it, its outbox's
answers sent on it and acknowledged) and a screen's (projector, facilitator console: their parts
pushed as fragments). Every frame is a typed JSON message (workshops/live/messages.py); the one
client is static/js/live.js."""

import logging
from functools import partial
from urllib.parse import parse_qs, urlsplit

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from exercises.answers import socket_answers
from workshops import screens
from workshops.access import Access, access_to
from workshops.live import beacon, messages, presence, push, render
from workshops.models import Event, Membership, Participant
from workshops.presenters import screen_context

# Close codes in the 4000s: the client (static/js/live.js) does not retry them.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
logger = logging.getLogger(__name__)

# Every pushed frame is designed to stay below this (issue 19: lists that grow with the room are
# pushed as counts and a bounded slice). daphne's --websocket-max-message-size (Makefile,
# deploy/daphne-worker) sits above it: a frame over daphne's limit closes the socket with 1011.
FRAME_LIMIT = 32 * 1024
# Each screen is a few fragments (by the id of the element each replaces); after a change only
# those whose HTML changed are sent, each as its own frame, so a burst of answers replaces the
# console's counters but not the buttons under the mouse, and no frame is the sum of the screen.
SCREEN_TEMPLATES = {
    "projector": {"screen": "workshops/projector.html#screen"},
    "facilitator": {
        **{
            target: f"workshops/console.html#{name}"
            for target, name in (
                ("counters", "counters"),
                ("program", "program"),
                ("exercises", "exercises"),
                ("projector-control", "projector_control"),
                ("moderation", "moderation"),
            )
        },
        "talks": "talks/console.html#talks",
    },
}


def same_origin(scope) -> bool:
    """The page that opens the socket must come from this server: its Origin is our Host."""
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    return bool(origin) and bool(host) and urlsplit(origin).netloc == host


class LiveConsumer(AsyncWebsocketConsumer):
    group_name = ""

    async def refuse(self, code: int = CLOSE_FORBIDDEN) -> None:
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code):
        if self.group_name:
            beacon.unregister(self.event_id, self)
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        """A ping is answered at once (the page checks that its socket still carries); anything
        else is ignored."""
        if text_data and self.group_name and messages.is_ping(text_data):
            await self.send(text_data=messages.pong())

    async def push_frame(self, message):
        await self.send(text_data=message["frame"])


class PhoneConsumer(LiveConsumer):
    async def connect(self):
        event_id = self.scope["url_route"]["kwargs"]["event_id"]
        participant = await self.participant()
        if not same_origin(self.scope) or participant is None or participant.event_id != event_id:
            return await self.refuse()
        self.event_id = event_id
        self.participant_id = participant.pk
        self.language = render.scope_language(self.scope)
        self.group_name = push.phones_group(event_id, self.language)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send(text_data=await self.render_now(event_id))
        beacon.register(event_id, self)
        await database_sync_to_async(presence.phone_connected)(event_id, self.channel_name)
        await push.ping_screens_now(event_id)  # the console's "connected now"

    async def disconnect(self, code):
        await super().disconnect(code)
        if self.group_name:
            await database_sync_to_async(presence.phone_disconnected)(self.channel_name)
            await push.ping_screens_now(self.event_id)

    @database_sync_to_async
    def participant(self):
        session = self.scope.get("session")
        participant_id = session.get("participant_id") if session else None
        return Participant.objects.filter(pk=participant_id).first() if participant_id else None

    @database_sync_to_async
    def render_now(self, event_id: int) -> str:
        return render.phone_state(Event.objects.get(pk=event_id), self.language)

    async def state_changed(self, message):
        """Phones are not in the screens group; nothing to do."""

    async def participants_deleted(self, message):
        """The organiser deleted the event's participants: a phone whose participant went with
        them is closed, and gets no more pushes (reconnecting is refused too)."""
        if await self.participant() is None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            await self.close(code=CLOSE_NOT_FOUND)

    async def receive(self, text_data=None, bytes_data=None):
        """A ping, or an answer from the phone's outbox (the same write path as a POST), whose
        acknowledgement goes back on this socket. Anything else is ignored."""
        if text_data and messages.is_ping(text_data):
            await super().receive(text_data)
        elif text_data and self.group_name:
            reply = await socket_answers.answer(self.participant_id, self.language, text_data)
            if reply:
                await self.send(text_data=reply)


class ScreenConsumer(LiveConsumer):
    """The projector (by its token, or a logged-in facilitator) and the facilitator console."""

    renderer: screens.ScreenRenderer | None = None

    async def connect(self):
        self.sent: dict[str, str] = {}
        event_id = self.scope["url_route"]["kwargs"]["event_id"]
        self.audience = self.scope["url_route"]["kwargs"]["audience"]
        if self.audience not in SCREEN_TEMPLATES or not same_origin(self.scope):
            return await self.refuse()
        self.event_id = event_id
        allowed = await self.allowed()
        if allowed is None:
            return await self.refuse(CLOSE_NOT_FOUND)
        if not allowed:
            return await self.refuse()
        self.group_name = push.screens_group(event_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        self.language = render.scope_language(self.scope)
        # The console shows each role only the controls it may use: one render per role.
        key = (event_id, self.audience, base_url(self.scope), self.language, self.role)
        self.renderer = screens.subscribe(key, partial(render_screen, *key), self.send_fragments)
        await self.send_fragments(await self.renderer.render())
        beacon.register(event_id, self)

    @database_sync_to_async
    def allowed(self) -> bool | None:
        event = Event.objects.filter(pk=self.event_id).first()
        if event is None:
            return None
        user = self.scope.get("user")
        access = access_to(user, event) if user is not None else None
        self.role = (access.role or "") if self.audience == "facilitator" and access else ""
        if access is not None and access.see:
            return True
        if self.audience == "projector":
            query = parse_qs(self.scope.get("query_string", b"").decode())
            return query.get("token", [""])[0] == event.projector_token
        return False

    async def send_fragments(self, fragments: dict[str, str]):
        for target, html in fragments.items():
            if self.sent.get(target) == html:
                continue
            self.sent[target] = html
            await self.send(text_data=bounded_frame(self.audience, target, html, self.language))

    async def state_changed(self, message):
        if self.renderer is not None:
            self.renderer.changed()

    async def disconnect(self, code):
        if self.renderer is not None:
            screens.unsubscribe(self.renderer, self.send_fragments)
            self.renderer = None
        await super().disconnect(code)


def render_screen(
    event_id: int, audience: str, base: str, language: str, role: str = Membership.Role.OWNER
) -> dict[str, str]:
    """A screen's fragments by target id (empty if the event is gone), in its language, with
    the controls the role may use (the console)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return {}
    context = screen_context(event, audience, base) | {"access": Access(role)}
    with translation.override(language):
        return {
            target: render_to_string(name, context)
            for target, name in SCREEN_TEMPLATES[audience].items()
        }


_logged_too_big: set[tuple[str, str]] = set()


def bounded_frame(audience: str, target: str, html: str, language: str) -> str:
    """The fragment's frame, or, if it is over FRAME_LIMIT after all, a small stand-in that
    asks the screen to load that part over HTTP (static/js/screen.js; a link without
    JavaScript): the socket stays open and the screen says what happened. Logged once per
    fragment and process."""
    frame = messages.fragment(target=target, html=html)
    size = len(frame.encode())
    if size <= FRAME_LIMIT:
        return frame
    if (audience, target) not in _logged_too_big:
        _logged_too_big.add((audience, target))
        logger.warning(
            "%s: %s is %d bytes, over the %d-byte frame bound; sent a reload request instead",
            audience,
            target,
            size,
            FRAME_LIMIT,
        )
    with translation.override(language):
        text = gettext("Den här delen är för stor för att skickas direkt. Hämtar den …")
        link = gettext("Ladda om sidan")
    standin = (
        f'<div id="{escape(target)}" hx-swap-oob="true" data-reload-part>'
        f'<p class="reload-part">{escape(text)} <a href="">{escape(link)}</a></p></div>'
    )
    return messages.fragment(target=target, html=standin, reload=True)


def base_url(scope) -> str:
    """This server's address as the browser sees it, for the join URL in the projector's QR."""
    if settings.SITE_URL:
        return settings.SITE_URL
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"").decode("latin-1")
    scheme = "https" if scope.get("scheme") in {"wss", "https"} else "http"
    return f"{scheme}://{host}" if host else ""
