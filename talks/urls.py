from django.urls import path

from talks import views

app_name = "talks"

urlpatterns = [
    path("fragor/", views.panel, name="panel"),
    path("fragor/stall/", views.ask, name="ask"),
    path("fragor/<int:question_id>/tumme/", views.vote, name="vote"),
    path("omrostning/<int:poll_id>/svar/", views.answer_poll, name="answer_poll"),
    path(
        "facilitator/<int:event_id>/fragor/<int:question_id>/<slug:action>/",
        views.question_action,
        name="question_action",
    ),
    path("facilitator/<int:event_id>/fragor/alla/", views.questions_page, name="questions_page"),
    path("facilitator/<int:event_id>/fragor/godkannande/", views.approval, name="approval"),
    path(
        "facilitator/<int:event_id>/fragor/projektor/",
        views.project_questions,
        name="project_questions",
    ),
    path("facilitator/<int:event_id>/omrostning/ny/", views.poll_create, name="poll_create"),
    path(
        "facilitator/<int:event_id>/omrostning/<int:poll_id>/<slug:action>/",
        views.poll_action,
        name="poll_action",
    ),
]
