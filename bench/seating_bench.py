"""Forming table groups for a full room: how long `seating.services.form_tables` takes for
30, 300 and 1,000 participants who did Övning 1 and 2, against a baseline in the same run (one
read of every rating of the day, which any mixed-roles seating must at least do).
Run by hand: `.venv/bin/python bench/seating_bench.py`. Uses a throwaway SQLite database."""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CHANGEMAKERS_DATA_DIR"] = tempfile.mkdtemp(prefix="seating-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "changemakers.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from exercises.kinds.rating.models import Rating  # noqa: E402
from seating import services  # noqa: E402
from seating.models import Seating  # noqa: E402
from tests.test_projector import seed_answers  # noqa: E402
from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file  # noqa: E402

RUNS = 7


def timed(action) -> float:
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    event, _created = load_workshop_file(CHANGEMAKERS_FILE)
    round_a = event.exercises.get(key="ovning-2").rounds.get(key="A")
    rows, seeded = [], 0
    for size in (30, 300, 1000):
        seed_answers(event, size - seeded)
        seeded = size

        def baseline():
            list(
                Rating.objects.filter(participant__event=event).values_list("participant", "value")
            )

        row = {"participants": size, "baseline_ms": round(timed(baseline), 1)}
        for rule, extra in [
            (Seating.Rule.MIXED_ROLES, {}),
            (Seating.Rule.SAME_CORNER, {"placement_round": round_a}),
            (Seating.Rule.RANDOM, {}),
        ]:
            ms = timed(
                lambda rule=rule, extra=extra: services.form_tables(
                    event=event, rule=rule, size=5, **extra
                )
            )
            row[f"{rule}_ms"] = round(ms, 1)
            row[f"{rule}_ratio"] = round(ms / row["baseline_ms"], 1)
        rows.append(row)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
