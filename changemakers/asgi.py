import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "changemakers.settings")
django.setup(set_prefix=False)

from changemakers.http import SyncChainASGIHandler  # noqa: E402

django_asgi_app = SyncChainASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from changemakers.routing import websocket_urlpatterns  # noqa: E402

# A server holding 1,000 sockets keeps ~500,000 live objects, and with Python's default
# thresholds a full collection (all of them, ~0.1–0.5 s here, the event loop stopped) ran every
# few seconds. Startup objects are frozen out of it, and full collections are rarer.
gc.freeze()
gc.set_threshold(10_000, 50, 100)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
