from django.contrib import admin

from workshops.models import Event, Membership, Participant, ProgramItem


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0
    fields = ["order", "part", "kind", "title", "speakers", "description", "notes"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "join_code", "join_open", "share_enabled"]
    search_fields = ["title", "slug"]
    readonly_fields = ["join_code", "projector_token", "share_token", "source_file", "created_at"]
    inlines = [MembershipInline, ProgramItemInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "event", "joined_at"]
    list_filter = ["event"]
