from django.urls import path

from workshops import console, join, projector

app_name = "workshops"

urlpatterns = [
    path("", join.home, name="home"),
    path("delta/<str:code>/", join.join_with_code, name="join_with_code"),
    path("delta/<str:code>/qr.svg", join.join_qr, name="join_qr"),
    path("nu/", join.participant_home, name="participant_home"),
    path("projektor/<str:token>/", projector.projector, name="projector"),
    # The facilitator's console (staff only; every action is a POST).
    path("facilitator/", console.event_list, name="event_list"),
    path("facilitator/nytt/", console.event_create, name="event_create"),
    path("facilitator/<int:event_id>/", console.console, name="console"),
    path(
        "facilitator/<int:event_id>/projektor/",
        projector.projector_for_facilitator,
        name="console_projector_page",
    ),
    path("facilitator/<int:event_id>/flytta/", console.console_move, name="console_move"),
    path("facilitator/<int:event_id>/nasta/", console.console_next, name="console_next"),
    path("facilitator/<int:event_id>/visa/", console.console_projector, name="console_projector"),
    path(
        "facilitator/<int:event_id>/ovning/<int:exercise_id>/<slug:action>/",
        console.exercise_action,
        name="exercise_action",
    ),
    path(
        "facilitator/<int:event_id>/moderera/<slug:kind>/<int:pk>/<slug:action>/",
        console.moderate,
        name="moderate",
    ),
]
