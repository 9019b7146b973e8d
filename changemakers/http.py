"""Django over ASGI with the middleware chain run as one synchronous call.

Django's own ASGIHandler runs the middleware in async mode. Django's built-in middleware
(sessions, CSRF, auth, messages, locale, …) are MiddlewareMixin classes, whose async mode runs
each process_request/process_response through sync_to_async: about fifteen hops between the
event loop and the request thread per request, on top of the view's own. Here the whole chain
and the view run as on WSGI, in one hop to the request thread (thread_sensitive, as Django's
sync views are), which leaves the event loop free for the WebSockets.
"""

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
