from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("delta/<str:code>/", views.join_with_code, name="join_with_code"),
    path("delta/<str:code>/qr.svg", views.join_qr, name="join_qr"),
    path("nu/", views.participant_home, name="participant_home"),
    path("facilitator/", views.event_list, name="event_list"),
    path("projektor/<str:token>/", views.projector, name="projector"),
]
