"""Övning 3: pick a tip list, tick the tips realistic to start today, hand the list in."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from changemakers.security import parse_id
from exercises import charts
from exercises.kinds.base import ExerciseKind, Saved, would_be_lost
from exercises.kinds.tips.editor import TipListsForm
from exercises.kinds.tips.forms import TipsForm
from exercises.kinds.tips.models import Tip, TipChoice, TipList, TipTick
from exercises.models import Exercise
from exercises.tables import Table, in_words, person, who, yes_no

TIPS_SHOWN = 5  # per list when several lists are on the projector
TIPS_SHOWN_ONE_LIST = 8
CONTEXT_WORDS = 5  # words before the key phrase
TOP_TIPS_CHART = 5  # in the report
TOP_TIPS = 5  # in the summary sheet


@dataclass
class TipTally:
    tip_list: TipList
    handed_in: int
    categories: list[tuple[str, list[tuple[Tip, int]]]]

    @property
    def ranked(self) -> list[tuple[Tip, int]]:
        tips = [pair for _label, pairs in self.categories for pair in pairs]
        return sorted(tips, key=lambda pair: (-pair[1], pair[0].order))


def tip_tallies(exercise: Exercise) -> list[TipTally]:
    """How often each tip was ticked by those who handed in its list, ranked per category."""
    tallies = []
    for tip_list in exercise.tip_lists.all():
        handed_in = TipChoice.objects.filter(tip_list=tip_list, handed_in_at__isnull=False)
        tips = tip_list.tips.annotate(
            times=Count(
                "ticks",
                filter=Q(ticks__participant__in=handed_in.values("participant_id")),
            )
        )
        categories = [
            (
                name,
                [
                    (tip, tip.times)
                    for tip in sorted(in_category, key=lambda t: (-t.times, t.order))
                ],
            )
            for name, in_category in tip_list.grouped(tips)
        ]
        tallies.append(TipTally(tip_list, handed_in.count(), categories))
    return tallies


@dataclass
class RankedTip:
    tip: Tip
    times: int
    before: str
    phrase: str
    after: str


@dataclass
class TipRanking:
    tally: TipTally
    top: list[RankedTip]
    more: int  # ticked tips not shown: the organiser report has them all


def ranked_tip(tip: Tip, times: int) -> RankedTip:
    """The tip as its key phrase in context: a few words before it, the rest after (CSS clamps
    it), so that two tips with the same key phrase can be told apart."""
    before, phrase, after = tip.text_parts()
    if not phrase:
        return RankedTip(tip, times, "", tip.key_phrase, " – " + tip.text)
    words = before.split()
    if len(words) > CONTEXT_WORDS:
        before = "…" + " ".join(words[-CONTEXT_WORDS:]) + " "
    return RankedTip(tip, times, before, phrase, after)


def tips_ranking(exercise: Exercise, list_key: str = "") -> dict:
    """The lists with answers (or the one chosen), each with its most ticked tips."""
    tallies = tip_tallies(exercise)
    if list_key:
        tallies = [t for t in tallies if t.tip_list.key == list_key]
    else:
        tallies = [t for t in tallies if t.handed_in] or tallies
    shown = TIPS_SHOWN_ONE_LIST if len(tallies) == 1 else TIPS_SHOWN
    rankings = []
    for tally in tallies:
        ticked = [(tip, times) for tip, times in tally.ranked if times]
        top = [ranked_tip(tip, times) for tip, times in ticked[:shown]]
        rankings.append(TipRanking(tally, top, len(ticked) - len(top)))
    return {"tip_rankings": rankings}


def tip_choice(participant, exercise: Exercise) -> TipChoice | None:
    return (
        TipChoice.objects.filter(participant=participant, exercise=exercise)
        .select_related("tip_list")
        .first()
    )


def handed_in(participant, exercise: Exercise) -> TipChoice | None:
    choice = tip_choice(participant, exercise)
    return choice if choice and choice.handed_in_at else None


def answer_list(form: TipsForm) -> TipList | None:
    """The handed-in list; before a hand-in, the list last chosen or ticked in."""
    choice = tip_choice(form.participant, form.exercise)
    if choice is not None:
        return choice.tip_list
    tick = (
        TipTick.objects.filter(participant=form.participant, tip__tip_list__exercise=form.exercise)
        .order_by("-pk")
        .first()
    )
    return form.list_by_key(tick.tip.tip_list.key) if tick else None


def shown_list(form: TipsForm, query) -> TipList | None:
    """The list on the page: the one asked for in the address (`?lista=`, page state that never
    changes what was handed in; unknown: 404), the one whose boxes were just posted, else the
    answer's list."""
    if key := (query or {}).get("lista"):
        tip_list = form.list_by_key(key)
        if tip_list is None:
            raise Http404("unknown tip list")
        return tip_list
    if form.is_bound and (tip_list := form.list_by_key(form.data.get("ticking"))):
        return tip_list
    return answer_list(form)


def tip_groups(tip_list: TipList | None) -> list[tuple[str, list[Tip]]]:
    if tip_list is None:
        return []
    return [(name, tips) for name, tips in tip_list.grouped(tip_list.tips.all()) if tips]


def set_ticks(*, participant, tip_list: TipList, tips) -> None:
    """The list's ticks become exactly `tips` (an unticked box is not in the POST)."""
    ticked = {tip.pk for tip in tips}
    TipTick.objects.filter(participant=participant, tip__tip_list=tip_list).exclude(
        tip__in=ticked
    ).delete()
    TipTick.objects.bulk_create(
        [TipTick(participant=participant, tip_id=tip_id) for tip_id in ticked],
        ignore_conflicts=True,
    )


def hand_in(*, form: TipsForm, tip_list: TipList) -> Saved:
    """The list becomes the participant's one answer; ticks left in other lists stay stored
    but do not count."""
    before = handed_in(form.participant, form.exercise)
    TipChoice.objects.update_or_create(
        participant=form.participant,
        exercise=form.exercise,
        defaults={"tip_list": tip_list, "handed_in_at": timezone.now()},
    )
    if before is not None and before.tip_list_id != tip_list.pk:
        message = _("Inlämnat! Den ersätter din tidigare inlämning (%(list)s).") % {
            "list": before.tip_list.short_title
        }
    else:
        message = _("Inlämnat! Du kan ändra dig tills övningen stängs.")
    return Saved(form, message, {"handed_in_now": True})


class TipsKind(ExerciseKind):
    key = "tips"
    form = TipsForm

    def save(self, *, form):
        """Look at a list, tick tips in it, hand it in. `ticking` names the list whose boxes
        were on the page."""
        fields = form.saveable()
        ticking = form.cleaned_data.get("ticking") if "ticking" in fields else None
        with transaction.atomic():
            if ticking is not None and "tips" not in form.errors:
                tips = form.cleaned_data.get("tips") or []
                set_ticks(participant=form.participant, tip_list=ticking, tips=tips)
            if form.action == "hand_in":
                if ticking is None or form.errors:
                    return Saved(form)
                return hand_in(form=form, tip_list=ticking)
        answer = handed_in(form.participant, form.exercise)
        if ticking is None or answer is None or form.errors:
            return Saved(form)
        if answer.tip_list_id == ticking.pk:
            return Saved(form, _("Sparat. Din inlämning är uppdaterad."))
        return Saved(
            form,
            _("Sparat. Den här listan är inte inlämnad – du lämnade in %(list)s.")
            % {"list": answer.tip_list.short_title},
        )

    def page_context(self, *, form, query, saved=None):
        shown, answer = shown_list(form, query), answer_list(form)
        choice = handed_in(form.participant, form.exercise)
        ticked = set(
            TipTick.objects.filter(participant=form.participant).values_list("tip_id", flat=True)
        )
        if form.is_bound and "tips" in form.errors:
            ticked = {parse_id(pk) for pk in form.data.getlist("tips")} - {None}
        answer_groups = [
            (label, [tip for tip in tips if tip.pk in ticked]) for label, tips in tip_groups(answer)
        ]
        return {
            "tip_choice": choice,
            "handed_in_list": choice.tip_list if choice else None,
            "shown_list": shown,
            "tip_groups": tip_groups(shown),
            "ticked": ticked,
            "answer_list": answer,
            "ticked_groups": answer_groups,
            "tick_count": sum(len(tips) for _label, tips in answer_groups),
            "closing_questions": form.exercise.phone_questions(),
            "list_count_word": in_words(len(form.lists)),
        }

    def redirect_query(self, *, form):
        """After a plain POST: the list the participant asked to see, else the one they were on."""
        tip_list = form.list_by_key(form.data.get("lista")) or form.list_by_key(
            form.data.get("ticking")
        )
        return f"lista={tip_list.key}" if tip_list else ""

    def answered(self, exercise):
        return TipChoice.objects.filter(exercise=exercise, handed_in_at__isnull=False)

    def delete_answers(self, exercise):
        TipTick.objects.filter(tip__tip_list__exercise=exercise).delete()
        TipChoice.objects.filter(exercise=exercise).delete()

    def projector_results(self, exercise, part=""):
        return tips_ranking(exercise, part)

    def report_results(self, exercise):
        tallies = []
        for tally in tip_tallies(exercise):
            top = [(tip, n) for tip, n in tally.ranked if n][:TOP_TIPS_CHART]
            chart = None
            if top:
                # The bars are labelled by place; the list under them has each tip's whole text
                # (a key phrase alone, cut to fit, meant nothing).
                chart = charts.bar_chart(
                    _("%(list)s: mest kryssade tips") % {"list": tally.tip_list.short_title},
                    [(f"{place}.", n, str(n)) for place, (tip, n) in enumerate(top, 1)],
                    max_value=max(tally.handed_in, top[0][1]),
                )
            tallies.append((tally, chart, top))
        return {"tallies": tallies}

    def export_table(self, exercise, include_names):
        """One row per ticked tip; a chosen list without ticks gets one row of its own.
        "Inlämnad" says whether the tick counts: its list was handed in (as in the tallies)."""
        table = Table(
            str(exercise),
            who(include_names)
            + [_("Lista"), _("Inlämnad"), _("Kategori"), _("Tips nr"), _("Tips"), _("Text")],
            wide={5},
        )
        choices = {
            (c.participant_id, c.tip_list_id): c
            for c in TipChoice.objects.filter(exercise=exercise).select_related(
                "participant", "tip_list"
            )
        }
        ticks = TipTick.objects.filter(tip__tip_list__exercise=exercise).select_related(
            "participant", "tip__tip_list"
        )
        rows = []
        ticked = set()
        for tick in ticks:
            choice = choices.get((tick.participant_id, tick.tip.tip_list_id))
            ticked.add((tick.participant_id, tick.tip.tip_list_id))
            sort = (tick.participant.number, tick.tip.tip_list.order, tick.tip.order)
            rows.append(
                (
                    sort,
                    person(tick.participant, include_names)
                    + [
                        tick.tip.tip_list.short_title,
                        yes_no(bool(choice and choice.handed_in_at)),
                        tick.tip.category_name,
                        tick.tip.order,
                        tick.tip.key_phrase,
                        tick.tip.text,
                    ],
                )
            )
        for key, choice in choices.items():
            if key not in ticked:
                sort = (choice.participant.number, choice.tip_list.order, 0)
                rows.append(
                    (
                        sort,
                        person(choice.participant, include_names)
                        + [choice.tip_list.short_title, yes_no(bool(choice.handed_in_at))]
                        + [None] * 4,
                    )
                )
        table.rows = [row for _sort, row in sorted(rows, key=lambda pair: pair[0])]
        return table

    def summary_tables(self, exercise):
        rows = []
        for tally in tip_tallies(exercise):
            top = [(tip, n) for tip, n in tally.ranked if n][:TOP_TIPS]
            rows.append([tally.tip_list.short_title, _("Inlämnade listor"), None, tally.handed_in])
            rows += [
                [tally.tip_list.short_title, place, tip.key_phrase, n]
                for place, (tip, n) in enumerate(top, 1)
            ]
        return [
            Table(
                _("%(label)s: mest kryssade tips") % {"label": exercise.label},
                [_("Lista"), _("Plats"), _("Tips"), _("Kryss")],
                rows,
            )
        ]

    def load(self, exercise, spec, roles):
        for list_order, list_spec in enumerate(spec.lists, start=1):
            tip_list = TipList.objects.create(
                exercise=exercise,
                key=list_spec.key,
                order=list_order,
                title=list_spec.title,
                short_title=list_spec.short_title,
                categories=[[category.key, category.name] for category in list_spec.categories],
            )
            Tip.objects.bulk_create(
                Tip(
                    tip_list=tip_list,
                    category=tip.category,
                    order=order,
                    key_phrase=tip.key_phrase,
                    text=tip.text,
                )
                for order, tip in enumerate(list_spec.tips, start=1)
            )

    editor_form = TipListsForm

    def apply_spec(self, exercise, spec, form):
        """The lists, categories and tips the form kept, in its order, with their words, and
        the new ones. A removed list takes its participants' choices and ticks with it, a
        removed tip its ticks, once the form has confirmed it."""
        current = {tip_list.pk: tip_list for tip_list in form.lists}
        gone_lists = [tip_list for pk, tip_list in current.items() if pk not in form.kept]
        kept_tips = {pk for tips in form.kept_tips for pk in tips}
        gone_tips = [
            tip
            for tip_list in current.values()
            if tip_list not in gone_lists
            for tip in tip_list.tips.all()
            if tip.pk not in kept_tips
        ]
        lost = []
        for tip_list in gone_lists:
            chosen = tip_list.choices.count()
            ticks = TipTick.objects.filter(tip__tip_list=tip_list).count()
            if chosen or ticks:
                lost.append(
                    _("%(chosen)s val och %(ticks)s kryss i listan %(list)s")
                    % {"chosen": chosen, "ticks": ticks, "list": tip_list.short_title}
                )
        for tip in gone_tips:
            if count := tip.ticks.count():
                lost.append(
                    ngettext(
                        "%(count)s kryss på tipset ”%(tip)s”",
                        "%(count)s kryss på tipset ”%(tip)s”",
                        count,
                    )
                    % {"count": count, "tip": tip.key_phrase}
                )
        would_be_lost(lost, form=form)
        TipList.objects.filter(pk__in=[tip_list.pk for tip_list in gone_lists]).delete()
        Tip.objects.filter(pk__in=[tip.pk for tip in gone_tips]).delete()
        lists = zip(form.kept, form.kept_tips, spec.lists, strict=True)
        for order, (pk, tip_pks, list_spec) in enumerate(lists, start=1):
            words = {
                "order": order,
                "title": list_spec.title,
                "short_title": list_spec.short_title,
                "categories": [[c.key, c.name] for c in list_spec.categories],
            }
            if pk is None:
                tip_list = TipList.objects.create(exercise=exercise, key=list_spec.key, **words)
            else:
                tip_list = current[pk]
                TipList.objects.filter(pk=pk).update(**words)
            # Out of the way first: (list, order) is unique at every step.
            tip_list.tips.update(order=F("order") + 1000)
            tips = zip(tip_pks, list_spec.tips, strict=True)
            for tip_order, (tip_pk, tip_spec) in enumerate(tips, start=1):
                tip_words = {
                    "order": tip_order,
                    "category": tip_spec.category,
                    "key_phrase": tip_spec.key_phrase,
                    "text": tip_spec.text,
                }
                if tip_pk is None:
                    Tip.objects.create(tip_list=tip_list, **tip_words)
                else:
                    Tip.objects.filter(pk=tip_pk).update(**tip_words)

    def starter_spec(self, event):
        tip = _("Första tipset")
        return {
            "lists": [
                {
                    "key": "lista-1",
                    "title": _("Tipslista 1"),
                    "short_title": _("Lista 1"),
                    "categories": [{"key": "kategori-1", "name": _("Kategori 1")}],
                    "tips": [
                        {
                            "category": "kategori-1",
                            "key_phrase": tip,
                            "text": _("%(tip)s: skriv om det.") % {"tip": tip},
                        }
                    ],
                }
            ]
        }

    def spec(self, exercise):
        return {
            "lists": [
                {
                    "key": tip_list.key,
                    "title": tip_list.title,
                    "short_title": tip_list.short_title,
                    "categories": [{"key": key, "name": name} for key, name in tip_list.categories],
                    "tips": [
                        {"category": tip.category, "key_phrase": tip.key_phrase, "text": tip.text}
                        for tip in tip_list.tips.all()
                    ],
                }
                for tip_list in exercise.tip_lists.prefetch_related("tips")
            ]
        }


KIND = TipsKind()
KINDS = (KIND,)
