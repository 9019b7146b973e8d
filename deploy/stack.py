"""The scaled set-up on one machine, from the Debian packages: PostgreSQL, Redis, N daphne
processes (deploy/daphne-worker) and nginx in front (deploy/nginx/*.conf, rendered).

`make run-scaled` (deploy/run_scaled.py) and the tests' session fixtures (tests/scaled.py) both
start it with this module, so what is tested is what an organiser runs. Every service binds
127.0.0.1 (nginx binds what `listen` says), on free ports, with its data in one folder.
Standard library only, apart from psycopg (a dependency of the app) to create the database.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy import render

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "deploy" / "daphne-worker"
HOST = "127.0.0.1"


class MissingBinary(RuntimeError):
    """A program the scaled set-up needs is not installed (see scripts/system-packages)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def postgres_bindir() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "postgres").exists():
            return candidate
    if found := shutil.which("initdb"):
        return Path(found).parent
    raise MissingBinary("PostgreSQL (initdb, postgres): Debian package postgresql")


def binary(name: str, package: str) -> str:
    for path in (shutil.which(name), f"/usr/sbin/{name}", f"/usr/bin/{name}"):
        if path and Path(path).exists():
            return path
    raise MissingBinary(f"{name}: Debian package {package}")


def missing_binaries() -> list[str]:
    """What is not installed, as messages (empty when everything is)."""
    missing = []
    for check in (
        postgres_bindir,
        lambda: binary("redis-server", "redis-server"),
        lambda: binary("nginx", "nginx-light"),
    ):
        try:
            check()
        except MissingBinary as error:
            missing.append(str(error))
    return missing


def wait_until(ready, what: str, process: subprocess.Popen | None = None, seconds=30, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = Path(log).read_text()[-2000:] if log and Path(log).exists() else ""
            raise RuntimeError(f"{what} exited with {process.returncode}\n{tail}")
        try:
            if ready():
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds} s")


def descendants(pid: int) -> list[int]:
    """The processes started by `pid`, and theirs (Linux: /proc)."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            pids = [int(child) for child in children.read_text().split()]
        except OSError:
            continue
        for child in pids:
            found += [child, *descendants(child)]
    return found


def alive(pid: int) -> bool:
    """Running (a zombie has let go of everything and counts as dead)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


class Stack:
    """PostgreSQL, Redis, `workers` daphne processes and nginx, in `folder`.

    A folder that already holds a database cluster is reused (`make run-scaled` keeps the day
    between runs); the tests pass a fresh temporary folder."""

    def __init__(
        self,
        folder: Path,
        *,
        workers: int = 2,
        listen: str = "",
        port: int = 0,
        durable: bool = True,
    ):
        self.folder = Path(folder).resolve()
        # PostgreSQL acknowledges a commit only once it is on disk (fsync, synchronous_commit):
        # an answer a phone saw "Sparat" for survives a crash. Only the throwaway cluster of
        # deploy/with_services.py (the test suite's second run) turns that off, for speed.
        self.durable = durable
        self.postgres_port = 0
        self.redis_port = 0
        self.stopping = False
        self.workers_n = workers
        self.port = port or free_port()
        self.listen = listen or f"{HOST}:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.worker_ports: list[int] = []
        self.as_postgres = os.geteuid() == 0  # initdb and postgres refuse to run as root
        self.env: dict[str, str] = {}

    # --- helpers ---

    def log(self, name: str) -> Path:
        return self.folder / "logs" / f"{name}.log"

    def spawn(self, name: str, args: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.log(name), "ab")  # noqa: SIM115 - the child keeps it open
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs
        )
        log.close()
        self.processes[name] = process
        return process

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # --- services ---

    def start_services(self) -> dict[str, str]:
        """PostgreSQL and Redis only: their URLs, as DATABASE_URL and REDIS_URL."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "logs").mkdir(exist_ok=True)
        try:
            return {"DATABASE_URL": self.start_postgres(), "REDIS_URL": self.start_redis()}
        except BaseException:
            self.stop()
            raise

    def start(self) -> "Stack":
        urls = self.start_services()
        try:
            self.env = {
                **{k: v for k, v in os.environ.items() if k not in {"PORT"}},
                **urls,
                "SECRET_KEY": self.secret_key(),
                "DEBUG": "false",
                "CHANGEMAKERS_DATA_DIR": str(self.folder / "app-data"),
                "VENV": sys.prefix,
                "DATABASE_POOL_SIZE": "20",
                "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            }
            self.manage("migrate", "--no-input", "-v0")
            self.manage("collectstatic", "--no-input", "-v0")
            self.worker_ports = [free_port() for _ in range(self.workers_n)]
            for index in range(self.workers_n):
                self.start_worker(index)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def secret_key(self) -> str:
        """Every process must share it (sessions); kept in the folder across runs."""
        path = self.folder / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()

    def start_postgres(self) -> str:
        bindir = postgres_bindir()
        data = self.folder / "postgres"
        sockets = self.folder / "postgres-socket"
        sockets.mkdir(exist_ok=True)
        user = {"user": "postgres", "group": "postgres"} if self.as_postgres else {}
        if self.as_postgres:
            # postgres must reach its folder: the temporary parent folders are root's 0700.
            for folder in (self.folder, *self.folder.parents):
                if folder == Path("/"):
                    break
                folder.chmod(folder.stat().st_mode | 0o011)
            shutil.chown(sockets, "postgres", "postgres")
        if not (data / "PG_VERSION").exists():
            data.mkdir(exist_ok=True)
            if self.as_postgres:
                shutil.chown(data, "postgres", "postgres")
            subprocess.run(
                [bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                check=True,
                capture_output=True,
                **user,
            )
        # A restart (after a crash) keeps the port: the server processes' DATABASE_URL names it.
        port = self.postgres_port or free_port()
        durability = [] if self.durable else ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        process = self.spawn(
            "postgres",
            [
                bindir / "postgres",
                "-D",
                data,
                "-p",
                str(port),
                "-k",
                sockets,
                "-c",
                f"listen_addresses={HOST}",
                "-c",
                "max_connections=300",
                *durability,
            ],
            **user,
        )
        import psycopg

        def accepting():
            psycopg.connect(host=HOST, port=port, user="postgres", dbname="postgres").close()
            return True

        wait_until(accepting, "PostgreSQL", process, log=self.log("postgres"))
        with psycopg.connect(
            host=HOST, port=port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'changemakers'"
            ).fetchone()
            if not exists:
                connection.execute("CREATE DATABASE changemakers")
        self.postgres_port = port
        return f"postgres://postgres@{HOST}:{port}/changemakers"

    def start_redis(self) -> str:
        port = self.redis_port or free_port()
        process = self.spawn(
            "redis",
            [
                binary("redis-server", "redis-server"),
                "--bind",
                HOST,
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
        )
        wait_until(lambda: port_open(port), "Redis", process, log=self.log("redis"))
        self.redis_port = port
        return f"redis://{HOST}:{port}/0"

    def spawn_worker(self, index: int) -> subprocess.Popen:
        port = self.worker_ports[index]
        return self.spawn(f"daphne-{index}", [str(WORKER), str(port)], cwd=ROOT, env=self.env)

    def start_worker(self, index: int) -> subprocess.Popen:
        """Start a daphne process and wait until it answers."""
        port = self.worker_ports[index]
        process = self.spawn_worker(index)

        def answering():
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=2)
            except urllib.error.HTTPError:
                pass
            return True

        wait_until(answering, f"daphne on {port}", process, log=self.log(f"daphne-{index}"))
        return process

    def kill_worker(self, index: int) -> None:
        """kill -9: the process dies as in a crash, without closing its sockets or rows."""
        process = self.processes[f"daphne-{index}"]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def crash_postgres(self) -> None:
        """kill -9 of PostgreSQL's postmaster and every backend at once, as in a crash: what it
        had only in memory is gone, what it acknowledged as committed must not be."""
        process = self.processes["postgres"]
        pids = [process.pid, *descendants(process.pid)]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=10)
        # A backend still attached to the shared memory would stop the restart.
        wait_until(lambda: not any(alive(pid) for pid in pids[1:]), "PostgreSQL's backends to die")

    def stop_service(self, name: str) -> None:
        """Stop one service (SIGTERM, as `systemctl stop`); `restart(name)` brings it back."""
        process = self.processes[name]
        process.terminate()
        process.wait(timeout=10)

    def restart(self, name: str) -> subprocess.Popen:
        """Start a stopped service again, on the same port, without waiting for a daphne
        process to answer (nginx sends its requests to the others meanwhile)."""
        if name.startswith("daphne-"):
            return self.spawn_worker(int(name.removeprefix("daphne-")))
        {"postgres": self.start_postgres, "redis": self.start_redis, "nginx": self.start_nginx}[
            name
        ]()
        return self.processes[name]

    def supervise(self, stopped: threading.Event, report=print) -> None:
        """Until `stopped` is set: a process that died is started again, as systemd's
        Restart=always with RestartSec=1 (deploy/changemakers@.service) does: within a second
        of its death, at most once a second each. The others keep serving meanwhile."""
        started: dict[str, float] = {}
        while not stopped.wait(0.2):
            for name, process in list(self.processes.items()):
                if self.stopping or process.poll() is None:
                    continue
                if time.monotonic() - started.get(name, 0) < 1:
                    continue  # it died at once: wait a second, as systemd would
                report(f"{name} avslutades (kod {process.returncode}); startas om")
                started[name] = time.monotonic()
                try:
                    self.restart(name)
                except Exception as error:  # tried again in a second
                    report(f"{name} kunde inte startas: {error}")

    def start_nginx(self) -> None:
        run_dir = self.folder / "nginx"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (run_dir / name).mkdir(parents=True, exist_ok=True)
            # Run as root, nginx's workers are "nobody": they write their buffers here.
            (run_dir / name).chmod(0o777)
        site = run_dir / "changemakers.conf"
        site.write_text(
            render.site(
                listen=self.listen,
                workers=[f"{HOST}:{port}" for port in self.worker_ports],
                static_root=str(ROOT / "staticfiles"),
            )
        )
        main = run_dir / "nginx.conf"
        main.write_text(render.local(run_dir=str(run_dir), site_conf=str(site)))
        nginx = binary("nginx", "nginx-light")
        test = subprocess.run(
            [nginx, "-t", "-q", "-c", main, "-p", run_dir, "-e", run_dir / "nginx-error.log"],
            capture_output=True,
            text=True,
        )
        if test.returncode:
            raise RuntimeError(f"nginx refused its configuration: {test.stderr}")
        process = self.spawn(
            "nginx", [nginx, "-c", main, "-p", run_dir, "-e", run_dir / "nginx-error.log"]
        )
        wait_until(lambda: port_open(self.port), "nginx", process, log=run_dir / "nginx-error.log")

    def manage(self, *args: str, input: str | None = None) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            input=input,
        ).stdout

    def stop(self) -> None:
        """nginx first, then the workers, Redis, PostgreSQL (each given 10 s to stop)."""
        self.stopping = True
        order = ["nginx", *(n for n in self.processes if n.startswith("daphne")), "redis"]
        order.append("postgres")
        for name in order:
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            # postgres: SIGINT is its fast shutdown (disconnect clients, no waiting for them).
            process.send_signal(signal.SIGINT if name == "postgres" else signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
