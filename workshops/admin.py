from django.contrib import admin

from workshops.models import Event, Participant, ProgramItem


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0
    fields = ["order", "part", "kind", "title", "speakers", "description"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "join_code", "join_open", "share_enabled"]
    search_fields = ["title", "slug"]
    readonly_fields = ["join_code", "projector_token", "share_token", "source_file", "created_at"]
    inlines = [ProgramItemInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "event", "joined_at"]
    list_filter = ["event"]
