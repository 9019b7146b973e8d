from django.contrib import admin

from talks.models import Poll, PollOption, Question, TalkSettings


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["question", "event", "item", "kind", "status", "opened_at"]
    list_filter = ["event", "kind", "status"]
    inlines = [PollOptionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "item", "status", "answered", "created_at"]
    list_filter = ["event", "status", "answered"]
    readonly_fields = ["participant"]


admin.site.register(TalkSettings)
