"""Run a command with throwaway PostgreSQL and Redis (deploy/stack.py), their addresses in
DATABASE_URL and REDIS_URL; both stop when the command ends. `make test` runs the suite once
more this way:  python deploy/with_services.py -- python -m pytest ...
"""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import Stack, missing_binaries  # noqa: E402


def main(command: list[str]) -> int:
    if missing := missing_binaries():
        print("Missing: " + "; ".join(missing), file=sys.stderr)
        return 1
    # Stopped from outside (a CI timeout): still stop PostgreSQL and Redis.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="changemakers-services-") as folder:
        # No fsync, no synchronous commit: a throwaway database for the suite, not for a day.
        stack = Stack(Path(folder), durable=False)
        urls = stack.start_services()
        try:
            print(f"PostgreSQL and Redis: {urls['DATABASE_URL']} {urls['REDIS_URL']}", flush=True)
            return subprocess.run(command, env={**os.environ, **urls}).returncode
        finally:
            stack.stop()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    sys.exit(main(arguments))
