"""`make run-scaled WORKERS=2`: the scaled set-up on this machine, for a large event.

PostgreSQL, Redis and nginx from the Debian packages, WORKERS daphne processes behind nginx on
PORT, started from the files in deploy/ (deploy/stack.py). Prints the same addresses and QR code
as `make run`. The database lives in data/scaled/ and is kept between runs; Ctrl-C stops all.
A process that dies is started again within a second, as systemd would (Stack.supervise).
"""

import argparse
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import ROOT, MissingBinary, Stack  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--folder", default=str(ROOT / "data" / "scaled"))
    args = parser.parse_args()
    stack = Stack(
        Path(args.folder), workers=args.workers, listen=f"0.0.0.0:{args.port}", port=args.port
    )
    try:
        stack.start()
    except MissingBinary as error:
        print(f"Saknas: {error} (scripts/system-packages installerar det)", file=sys.stderr)
        return 1
    try:
        print(stack.manage("prepare_day", "--port", str(args.port)), end="")
        print(
            f"{args.workers} serverprocesser bakom nginx på port {args.port}; "
            f"PostgreSQL och Redis i {stack.folder}; loggar i {stack.folder / 'logs'}. "
            "Ctrl-C stoppar allt.",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        stack.supervise(
            threading.Event(), report=lambda message: print(message, file=sys.stderr, flush=True)
        )
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
