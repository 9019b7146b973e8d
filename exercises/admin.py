from django.contrib import admin

from exercises.kinds.placement.models import Placement, PlacementRound
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Ability, Rating
from exercises.kinds.tips.models import Tip, TipChoice, TipList, TipTick
from exercises.models import Exercise, Prompt, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "order"]
    list_filter = ["event"]


class PromptInline(admin.TabularInline):
    model = Prompt
    extra = 0


class AbilityInline(admin.TabularInline):
    model = Ability
    extra = 0


class RoundInline(admin.StackedInline):
    model = PlacementRound
    extra = 0


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "minutes", "status"]
    list_filter = ["event", "kind", "status"]
    inlines = [PromptInline, AbilityInline, RoundInline]


@admin.register(Ability)
class AbilityAdmin(admin.ModelAdmin):
    list_display = ["name", "exercise", "order"]
    filter_horizontal = ["roles"]


class TipInline(admin.StackedInline):
    model = Tip
    extra = 0


@admin.register(TipList)
class TipListAdmin(admin.ModelAdmin):
    list_display = ["short_title", "exercise"]
    inlines = [TipInline]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "participant", "hidden", "featured"]
    list_filter = ["hidden", "featured"]


admin.site.register([Rating, Placement, TipChoice, TipTick])
