from django.urls import path

from seating import views

app_name = "seating"

urlpatterns = [
    path("facilitator/<int:event_id>/bord/", views.console, name="console"),
    path("facilitator/<int:event_id>/bord/skapa/", views.form_tables, name="form"),
    path(
        "facilitator/<int:event_id>/bord/<int:seating_id>/skapa-om/",
        views.form_again,
        name="form_again",
    ),
    path("facilitator/<int:event_id>/bord/<int:seating_id>/skicka/", views.send, name="send"),
    path("facilitator/<int:event_id>/bord/<int:seating_id>/flytta/", views.move, name="move"),
    path("nu/bord/", views.phone_table, name="phone_table"),
]
