"""Where the PDF report's time goes: builds a day with N participants in a scratch SQLite
database, then profiles the report's HTML and WeasyPrint's PDF separately (cProfile).

    .venv/bin/python bench/pdf_profile.py --participants 60
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true", help="time only")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="pdf-profile-")
    os.environ["CHANGEMAKERS_DATA_DIR"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "changemakers.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string

    call_command("migrate", verbosity=0)
    from tests.answers import answer_the_day
    from workshops import pdf
    from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file
    from workshops.report import report_context

    event, _created = load_workshop_file(CHANGEMAKERS_FILE)
    answer_the_day(event, participants=args.participants)

    started = time.perf_counter()
    html = render_to_string("organiser/report.html", report_context(event) | {"pdf": True})
    html_seconds = time.perf_counter() - started
    pdf.available()  # WeasyPrint's import (~1 s) is paid once per server process
    profile = cProfile.Profile()
    started = time.perf_counter()
    if not args.no_profile:
        profile.enable()
    content = pdf.render_here(html)  # in this process, to profile it
    profile.disable()
    pdf_seconds = time.perf_counter() - started
    print(f"participants {args.participants}: HTML {html_seconds:.2f} s, PDF {pdf_seconds:.2f} s,")
    started = time.perf_counter()
    pdf.render(html)
    print(f"  as the server does it (a child process): {time.perf_counter() - started:.2f} s")
    print(f"  {len(html) / 1000:.0f} kB of HTML, {len(content) / 1000:.0f} kB of PDF")
    for name, draw in (("in the server process", pdf.render_here), ("in a child", pdf.render)):
        ticks = _ticks_while(lambda draw=draw: draw(html))
        print(
            f"  10 ms ticks of another thread while drawing {name}: "
            f"{len(ticks)} ticks, worst {max(ticks) * 1000:.0f} ms, "
            f"p95 {sorted(ticks)[int(len(ticks) * 0.95)] * 1000:.0f} ms"
        )
    if not args.no_profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


def _ticks_while(work) -> list[float]:
    """How late a thread that wants to run every 10 ms (as the server's event loop does) gets
    to run while `work` runs in another thread: the GIL decides."""
    import threading

    done = threading.Event()
    thread = threading.Thread(target=lambda: (work(), done.set()))
    thread.start()
    ticks = []
    while not done.is_set():
        started = time.perf_counter()
        time.sleep(0.01)
        ticks.append(time.perf_counter() - started)
    thread.join()
    return ticks


if __name__ == "__main__":
    main()
