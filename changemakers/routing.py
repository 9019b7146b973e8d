from django.urls import path

from workshops import consumers

websocket_urlpatterns = [
    path("ws/events/<int:event_id>/phone/", consumers.PhoneConsumer.as_asgi()),
    path("ws/events/<int:event_id>/screen/<str:audience>/", consumers.ScreenConsumer.as_asgi()),
]
