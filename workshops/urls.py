from django.urls import path, register_converter

from workshops import console, editor, join, organiser, preview, projector
from workshops.converters import JoinCodeConverter, TokenConverter

register_converter(TokenConverter, "token")
register_converter(JoinCodeConverter, "joincode")

app_name = "workshops"

urlpatterns = [
    path("", join.home, name="home"),
    path("delta/<joincode:code>/", join.join_with_code, name="join_with_code"),
    path("delta/<joincode:code>/qr.svg", join.join_qr, name="join_qr"),
    path("nu/", join.participant_home, name="participant_home"),
    path("nu/resultat/", join.results_text, name="results_text"),
    path("nu/dela/", join.share, name="share"),
    path("projektor/<token:token>/", projector.projector, name="projector"),
    path(
        "projektor/<token:token>/vykort/<int:number>/",
        projector.projector_postcards,
        name="projector_postcards",
    ),
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
    path(
        "facilitator/<int:event_id>/moderera/<slug:exercise_key>/",
        console.moderation,
        name="moderation",
    ),
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
    path(
        "facilitator/<int:event_id>/workshopfil.yaml",
        organiser.workshop_file,
        name="organiser_workshop_file",
    ),
    path("facilitator/<int:event_id>/resultat/dela/", organiser.share, name="organiser_share"),
    path(
        "facilitator/<int:event_id>/resultat/radera/",
        organiser.delete_answers,
        name="organiser_delete",
    ),
    # Editor: the day's content and who may do what with it
    path("facilitator/ny-dag/", editor.new_day, name="new_day"),
    path("facilitator/<int:event_id>/kopiera/", editor.duplicate, name="duplicate"),
    path("facilitator/<int:event_id>/medlemmar/", editor.members, name="members"),
    path("facilitator/<int:event_id>/innehall/", editor.content, name="content"),
    path("facilitator/<int:event_id>/innehall/evenemang/", editor.edit_event, name="edit_event"),
    path("facilitator/<int:event_id>/innehall/roll/ny/", editor.add_role, name="add_role"),
    path(
        "facilitator/<int:event_id>/innehall/roll/<int:role_id>/",
        editor.edit_role,
        name="edit_role",
    ),
    path("facilitator/<int:event_id>/innehall/punkt/ny/", editor.add_item, name="add_item"),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/",
        editor.edit_item,
        name="edit_item",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/flytta/",
        editor.move_item,
        name="move_item",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/ta-bort/",
        editor.remove_item,
        name="remove_item",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/forhandsvisning/",
        preview.page,
        name="preview",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/forhandsvisning/telefon/",
        preview.phone,
        name="preview_phone",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/forhandsvisning/projektor/",
        preview.projector,
        name="preview_projector",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/omrostning/",
        editor.add_poll,
        name="add_poll",
    ),
    path(
        "facilitator/<int:event_id>/innehall/punkt/<int:item_id>/omrostning/<int:poll_id>/ta-bort/",
        editor.remove_poll,
        name="remove_poll",
    ),
    path(
        "facilitator/<int:event_id>/innehall/ovning/ny/", editor.add_exercise, name="add_exercise"
    ),
    path(
        "facilitator/<int:event_id>/innehall/ovning/<int:exercise_id>/ta-bort/",
        editor.remove_exercise,
        name="remove_exercise",
    ),
    path(
        "facilitator/<int:event_id>/innehall/ovning/<int:exercise_id>/",
        editor.edit_exercise,
        name="edit_exercise",
    ),
    path(
        "facilitator/<int:event_id>/innehall/ovning/<int:exercise_id>/typ/",
        editor.edit_exercise_kind,
        name="edit_exercise_kind",
    ),
    path(
        "facilitator/<int:event_id>/medlemmar/<int:membership_id>/",
        editor.member,
        name="member",
    ),
    path("resultat/<token:token>/", organiser.shared_results, name="shared_results"),
]
