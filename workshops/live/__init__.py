"""What the server pushes over the live sockets, and to whom.

Each event has two Channels groups: its phones (per language) and its screens (projector and
facilitator console). Every frame on a socket is one JSON message with a "type" (`messages.py`
lists them; static/js/live.js is the one client, shared by phones and screens). Phones also send
on their socket: the answers of their outbox, each acknowledged on the same socket.

- `push`: what a write pushes. A step change renders the phones' "now" state once per language
  and sends the same frame to every phone of that language; any change pings the screens, whose
  renderer (workshops/screens.py) renders once per view, coalesced; a talk's question list goes
  to every phone, at most once a second. Pings are coalesced per event and process: with Redis
  a process's queue holds 100 messages, and a message that does not fit is dropped silently.
- `beacon`: no push that matters may be lost, so what phones must see has a version,
  `Event.live_version`, bumped with every such change. Every (re)connect gets the current state,
  and each process sends every one of its own sockets a beacon with the event's version every
  BEACON_INTERVAL seconds, directly (not through the channel layer, which could drop it): a phone
  or screen that is behind resyncs. The same tick re-renders this process's screens.
- `presence`: the phones connected now, across processes (a row per socket, kept alive by the
  beacon's tick).
- `render`: the phones' "now" state as it is pushed, and a socket's language.
- `messages`: the wire format.

Services call `step_changed`, `state_changed`, `questions_changed`, `participants_deleted` (all
sent after the transaction commits); no view imports this package.
"""

from workshops.live.presence import connected_phones as connected_phones
from workshops.live.presence import forget_connections as forget_connections
from workshops.live.push import bump_version as bump_version
from workshops.live.push import participants_deleted as participants_deleted
from workshops.live.push import questions_changed as questions_changed
from workshops.live.push import state_changed as state_changed
from workshops.live.push import step_changed as step_changed
