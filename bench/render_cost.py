"""Render cost and frame size per change, run by hand: `.venv/bin/python bench/render_cost.py`.

A throwaway SQLite database gets the Changemakers day and a full room (tests/full_room.py:
every exercise answered with text of realistic length, questions, thumbs, polls) at 30, 300
and 1,000 participants. For the console, each projector view and a phone it renders what a
change pushes (workshops/consumers.py's render_screen, the phones' pushed question list) after
a write, --rounds times, and reports the largest pushed frame (one fragment per frame), the
render time p50/p95 (wall clock), the p95 of this process's CPU time per render (SQLite runs in
the process; less sensitive to a busy machine) and the queries per render. One process, no
server: the render is the work a change costs; sending is not included.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(data_dir: str) -> None:
    os.environ["CHANGEMAKERS_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "changemakers.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def pct(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def screens(event):
    """(name, audience, projector view, target) for the console and every projector view."""
    from workshops.models import Event

    views = [("console", "facilitator", None, "")]
    for view in ("join", "step", "postcards", "scenarios", "questions"):
        views.append((f"projector {view}", "projector", view, ""))
    for exercise in event.exercises.order_by("order"):
        views.append((f"projector results {exercise.key}", "projector", "results", exercise.key))
    for poll in event.polls.order_by("pk"):
        views.append((f"projector poll {poll.kind}", "projector", "poll", str(poll.pk)))
    return [(n, a, v or Event.ProjectorView.JOIN, t) for n, a, v, t in views]


def measure(event, rounds: int) -> list[tuple]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exercises.kinds.prompts.models import Reflection
    from talks import services as talks_services
    from workshops import live
    from workshops.consumers import render_screen
    from workshops.models import Event

    reflection = Reflection.objects.filter(prompt__exercise__event=event).first()
    rows = []
    for name, audience, view, target in screens(event):
        Event.objects.filter(pk=event.pk).update(projector_view=view, projector_target=target)
        times, cpu, largest, queries, biggest = [], [], 0, 0, ""
        for n in range(rounds):
            # A change: one participant edits a reflection (what a burst of answers does).
            Reflection.objects.filter(pk=reflection.pk).update(text=f"Ändrad {n} " * 10)
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                fragments = render_screen(event.pk, audience, "http://127.0.0.1:8000", "sv")
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            queries = len(captured)
            for fragment, html in fragments.items():
                if len(html.encode()) > largest:
                    largest, biggest = len(html.encode()), fragment.partition("#")[2]
        rows.append(
            (f"{name} ({biggest})", largest, pct(times, 50), pct(times, 95), pct(cpu, 95), queries)
        )
    phone_renders = [("phone now (pushed on a step)", lambda: live.render_phone_now(event, "sv"))]
    if hasattr(talks_services, "render_phone_questions"):  # before issue 19 phones polled it
        phone_renders.append(
            (
                "phone question list (pushed)",
                lambda: talks_services.render_phone_questions(event.pk, "sv"),
            )
        )
    for name, render in phone_renders:
        times, cpu, largest = [], [], 0
        for _n in range(rounds):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                html = render()
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            largest = max(largest, len(html.encode()))
        rows.append((name, largest, pct(times, 50), pct(times, 95), pct(cpu, 95), len(captured)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,300,1000")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from tests.full_room import fill_room
        from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
        from workshops.models import Event, ProgramItem

        event, _created = load_workshop_file(CHANGEMAKERS_FILE)
        exercises = event.exercises.all()
        exercises.update(status="open", results_visible=True)
        talk = event.program.filter(kind=ProgramItem.Kind.TALK).order_by("order").first()
        Event.objects.filter(pk=event.pk).update(current_item=talk)
        event.refresh_from_db()
        filled = 0
        for size in [int(s) for s in args.sizes.split(",")]:
            fill_room(event, size - filled, seed=size)
            filled = size
            event.polls.update(status="open", results_visible=True)
            print(f"\n{size} participants (rounds: {args.rounds})")
            heads = ["largest frame", "p50 ms", "p95 ms", "p95 CPU ms", "queries"]
            print(f"{'screen (largest fragment)':48}", *(f"{head:>14}" for head in heads))
            for name, largest, p50, p95, cpu95, queries in measure(event, args.rounds):
                figures = [f"{largest} B", *(f"{v * 1000:.1f}" for v in (p50, p95, cpu95))]
                print(f"{name:48}", *(f"{v:>14}" for v in [*figures, queries]))


if __name__ == "__main__":
    main()
