"""The app over ASGI (changemakers.asgi): the sync middleware chain, sessions, CSRF, static files."""

import asyncio
import gzip
import re

import pytest
from asgiref.testing import ApplicationCommunicator

from changemakers.asgi import application, django_asgi_app
from workshops.models import Participant

HEADERS = [(b"host", b"testserver")]


def request(method: str, path: str, body: bytes = b"", headers=()) -> dict:
    async def run():
        scope = {
            "type": "http",
            "http_version": "1.1",
            "method": method,
            "path": path,
            "query_string": b"",
            "headers": [*HEADERS, *headers],
        }
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": body})
        start = await communicator.receive_output(5)
        response = {"status": start["status"], "headers": start["headers"], "body": b""}
        while True:  # a streamed file ends with a message without a body
            chunk = await communicator.receive_output(5)
            response["body"] += chunk.get("body", b"")
            if not chunk.get("more_body"):
                return response

    return asyncio.run(run())


def cookies(response: dict) -> dict[str, str]:
    found = {}
    for name, value in response["headers"]:
        if name.lower() == b"set-cookie":
            key, _, rest = value.decode().partition("=")
            found[key] = rest.split(";")[0]
    return found


def test_middleware_chain_runs_synchronously():
    assert not asyncio.iscoroutinefunction(django_asgi_app._middleware_chain)


@pytest.mark.django_db(transaction=True)
def test_join_over_asgi_keeps_session_and_csrf(changemakers):
    page = request("GET", f"/delta/{changemakers.join_code}/")
    assert page["status"] == 200
    csrf = cookies(page)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"]).group(1)
    form = b"code=" + changemakers.join_code.encode() + b"&name=Ada&csrfmiddlewaretoken=" + token
    form_headers = [
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"cookie", f"csrftoken={csrf}".encode()),
    ]
    joined = request("POST", f"/delta/{changemakers.join_code}/", form, form_headers)
    assert joined["status"] == 302
    assert "sessionid" in cookies(joined)
    assert Participant.objects.filter(event=changemakers, name="Ada").exists()

    refused = request("POST", f"/delta/{changemakers.join_code}/", form, form_headers[:1])
    assert refused["status"] == 403


def test_static_files_are_served_over_asgi():
    response = request("GET", "/static/css/app.css")
    assert response["status"] == 200
    assert b".card" in response["body"]


def test_static_files_are_served_compressed_and_cached_for_a_year():
    from django.templatetags.static import static

    hashed = static("css/app.css")
    assert re.search(r"app\.[0-9a-f]{12}\.css$", hashed)
    response = request("GET", hashed, headers=[(b"accept-encoding", b"gzip, deflate, br")])
    headers = {name.lower(): value for name, value in response["headers"]}
    assert response["status"] == 200
    assert headers[b"content-encoding"] == b"br"
    assert b"immutable" in headers[b"cache-control"]
    assert int(re.search(rb"max-age=(\d+)", headers[b"cache-control"]).group(1)) >= 31536000


@pytest.mark.django_db
def test_pages_are_served_gzipped():
    response = request("GET", "/", headers=[(b"accept-encoding", b"gzip")])
    headers = {name.lower(): value for name, value in response["headers"]}
    assert response["status"] == 200
    assert headers[b"content-encoding"] == b"gzip"
    assert b"<html" in gzip.decompress(response["body"])
