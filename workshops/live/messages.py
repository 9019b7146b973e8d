"""The live socket's wire format: every frame is one JSON object with a "type".

Server to phone or screen:
- {"type": "state", "version": N, "state": "…", "html": "<section id=now …>"}: the phone's
  "now" section (on connect and when the day moves on). `state` names what it was drawn for
  (the same as the page's data-state): the same state again keeps the page (and what is typed
  in it) and takes only the new countdown and version.
- {"type": "fragment", "target": id, "html": "…"}: replace the element with that id, if the
  page shows it (a screen's parts; a talk's question list on the phones). `reload: true`: the
  part was too big to push; html is a small stand-in, the page fetches the part over HTTP.
- {"type": "beacon", "version": N}: every BEACON_INTERVAL seconds from the socket's own
  process; never shown. A version above the page's means a push was lost: resync.
- {"type": "ack", "answer": id, "html": "…", "retarget": "#exercise" | absent, "gone": true |
  absent}: an answer from the phone's outbox was stored (or refused: retarget) or has no
  participant or exercise any more (gone).
- {"type": "pong"}: the reply to a phone's ping.

Phone to server: {"type": "ping"}, or an answer {"answer": id, "exercise": key, "fields":
[[name, value], …], "action": ""} (exercises/answers.py). Anything else is ignored.
"""

import json


def _frame(message: dict) -> str:
    # Not ASCII-escaped: a Swedish text would otherwise grow by 5 bytes per å, ä, ö.
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def state(*, version: int, state: str, html: str) -> str:
    return _frame({"type": "state", "version": version, "state": state, "html": html})


def fragment(*, target: str, html: str, reload: bool = False) -> str:
    message = {"type": "fragment", "target": target, "html": html}
    if reload:
        message["reload"] = True
    return _frame(message)


def beacon(version: int) -> str:
    return _frame({"type": "beacon", "version": version})


def ack(answer: str, *, html: str = "", retarget: str = "", gone: bool = False) -> str:
    message = {"type": "ack", "answer": answer}
    if gone:
        message["gone"] = True
    else:
        message["html"] = html
    if retarget:
        message["retarget"] = retarget
    return _frame(message)


def pong() -> str:
    return _frame({"type": "pong"})


def is_ping(text: str) -> bool:
    return text == '{"type":"ping"}'
