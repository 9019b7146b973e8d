from django.urls import path

from workshops import organiser, views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("delta/<str:code>/", views.join_with_code, name="join_with_code"),
    path("nu/", views.participant_home, name="participant_home"),
    path("facilitator/", views.event_list, name="event_list"),
    path("projektor/<str:token>/", views.projector, name="projector"),
    # Organiser: results, exports, share, delete
    path(
        "facilitator/<int:event_id>/resultat/",
        organiser.results_overview,
        name="organiser_results",
    ),
    path(
        "facilitator/<int:event_id>/resultat/arbetsbok.xlsx",
        organiser.workbook,
        name="organiser_workbook",
    ),
    path(
        "facilitator/<int:event_id>/resultat/csv/<slug:exercise_key>.csv",
        organiser.exercise_csv,
        name="organiser_csv",
    ),
    path(
        "facilitator/<int:event_id>/resultat/sammanstallning/",
        organiser.report,
        name="organiser_report",
    ),
    path(
        "facilitator/<int:event_id>/resultat/sammanstallning.pdf",
        organiser.report_pdf,
        name="organiser_report_pdf",
    ),
    path("facilitator/<int:event_id>/resultat/dela/", organiser.share, name="organiser_share"),
    path(
        "facilitator/<int:event_id>/resultat/radera/",
        organiser.delete_answers,
        name="organiser_delete",
    ),
    path("resultat/<str:token>/", organiser.shared_results, name="shared_results"),
]
