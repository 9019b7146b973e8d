"""Render deploy/nginx/*.conf with your ports and paths (placeholders are @@NAME@@).

    python deploy/render.py site --listen 80 --server-name workshop.example.org \
        --workers 127.0.0.1:8001,127.0.0.1:8002 --static /srv/changemakers/staticfiles
"""

import argparse
import re
from pathlib import Path

NGINX_DIR = Path(__file__).resolve().parent / "nginx"
PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def render(template: str, **values: str) -> str:
    """The template with every @@NAME@@ replaced; a placeholder left without a value is an
    error, not an empty string in a live config."""

    def value(match: re.Match) -> str:
        try:
            return str(values[match.group(1)])
        except KeyError:
            raise KeyError(f"no value for @@{match.group(1)}@@") from None

    return PLACEHOLDER.sub(value, (NGINX_DIR / template).read_text())


def site(*, listen: str, workers: list[str], static_root: str, server_name: str = "_") -> str:
    # max_fails=0: nginx never marks a process unavailable. A dead one refuses at once and nginx
    # passes the request on (proxy_next_upstream error); a failure mark, by contrast, is only
    # cleared by a request that completes, which a WebSocket never does, so a restarted process
    # got about one new socket per fail_timeout and phones waited many seconds to reconnect.
    servers = "\n".join(f"    server {address} max_fails=0;" for address in workers)
    return render(
        "changemakers.conf",
        LISTEN=listen,
        SERVER_NAME=server_name,
        UPSTREAM_SERVERS=servers,
        STATIC_ROOT=str(static_root).rstrip("/"),
    )


def local(*, run_dir: str, site_conf: str) -> str:
    return render("local.conf", RUN_DIR=run_dir, SITE_CONF=site_conf)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["site"])
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--workers", default="127.0.0.1:8001,127.0.0.1:8002")
    parser.add_argument("--static", default="/srv/changemakers/staticfiles")
    args = parser.parse_args()
    print(
        site(
            listen=args.listen,
            workers=args.workers.split(","),
            static_root=args.static,
            server_name=args.server_name,
        ),
        end="",
    )
