"""Övning 3: pick a tip list, tick the tips realistic to start today, hand the list in."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from exercises import charts
from exercises.forms import TipsForm
from exercises.kinds.base import ExerciseKind
from exercises.models import Exercise, Tip, TipChoice, TipList, TipTick
from exercises.tables import Table, person, who, yes_no

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


class TipsKind(ExerciseKind):
    key = Exercise.Kind.TIPS
    form = TipsForm

    def answered(self, exercise):
        return TipChoice.objects.filter(exercise=exercise, handed_in_at__isnull=False)

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


KIND = TipsKind()
