"""Two reference apps for bench/live_bench.py, served by daphne like the real one.

Both speak the benchmark's protocol: WebSockets at /ws/phone/ and /ws/screen/; POST /answer
sends one message to every screen (as a submission does), POST /step one message to every phone
(as a step change does). No database, no templates: what is left is the cost of the transport.

- channels_app: a bare Channels app (consumers, groups, the configured channel layer).
- plain_app: plain ASGI, the sockets kept in two sets, no Channels at all.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baseline_settings")

import django  # noqa: E402

django.setup()

from channels.generic.http import AsyncHttpConsumer  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class EchoConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = self.scope["url_route"]["kwargs"]["group"]
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.send(text_data=text_data)

    async def push(self, message):
        await self.send(text_data=message["text"])


class SendConsumer(AsyncHttpConsumer):
    async def handle(self, body):
        group = "screen" if self.scope["path"] == "/answer" else "phone"
        await self.channel_layer.group_send(group, {"type": "push", "text": body.decode()})
        await self.send_response(200, b"ok", headers=[(b"content-type", b"text/plain")])


channels_app = ProtocolTypeRouter(
    {
        "websocket": URLRouter([path("ws/<str:group>/", EchoConsumer.as_asgi())]),
        "http": URLRouter(
            [path("answer", SendConsumer.as_asgi()), path("step", SendConsumer.as_asgi())]
        ),
    }
)


SOCKETS: dict[str, set] = {"phone": set(), "screen": set()}


async def plain_app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "websocket":
        group = scope["path"].strip("/").split("/")[-1]
        members = SOCKETS.get(group, set())
        while True:
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.accept"})
                members.add(send)
            elif message["type"] == "websocket.receive":
                await send({"type": "websocket.send", "text": message.get("text")})
            elif message["type"] == "websocket.disconnect":
                members.discard(send)
                return
    if scope["type"] == "http":
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        group = "screen" if scope["path"] == "/answer" else "phone"
        for member in list(SOCKETS[group]):
            try:
                await member({"type": "websocket.send", "text": body.decode()})
            except Exception:  # a socket closing meanwhile
                SOCKETS[group].discard(member)
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"ok"})
