from django.contrib import admin

from exercises.kinds.postcard.models import Postcard, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "vertical", "horizontal", "exercise"]


@admin.register(Postcard)
class PostcardAdmin(admin.ModelAdmin):
    list_display = ["scenario", "participant", "year", "hidden", "featured"]
    list_filter = ["scenario", "hidden", "featured"]
