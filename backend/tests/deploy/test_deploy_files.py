"""The deployment files are wired together correctly (no Docker engine needed).

Parses deploy/compose.yaml, deploy/Dockerfile and deploy/entrypoint.sh and checks what would
otherwise only fail on a server: services and their dependencies, images, commands and ports
lining up, a non-root final stage, and that every environment variable the application reads is
documented in .env.example (and nothing is configured that nothing reads).
"""

from __future__ import annotations

import ast
import os
import re
import secrets
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
PACKAGE = REPO / "backend" / "support_desk"
ENV_EXAMPLE = REPO / ".env.example"

# Read by third-party code, not through our settings (none today).
READ_BY_THIRD_PARTIES: frozenset[str] = frozenset()
# Set in the Dockerfile for Python and pip, not for the application.
TOOLING_ENV = re.compile(r"^(PYTHON|PIP_)")
_ENV_ACCESSORS = frozenset(
    {
        "env_str",
        "env_bool",
        "env_int",
        "env_float",
        "env_list",
        "env_required",
        "env_choice",
        "env_rate",
        "env_path",
        "env_email_address",
        "env_smtp_url",
        "env_imap_url",
    }
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Keys of a WSGI request environ (also a mapping named `environ`), not process settings.
_WSGI_KEYS = re.compile(r"^(HTTP_|CONTENT_|REQUEST_|SERVER_|REMOTE_|PATH_INFO$|QUERY_STRING$|SCRIPT_NAME$)")


# --- parsing helpers ---------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def service(name: str) -> dict[str, Any]:
    services = compose()["services"]
    assert name in services, f"compose.yaml has no {name!r} service"
    return services[name]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str

    def exec_form(self) -> list[str]:
        """The arguments of an exec-form (JSON array) instruction, or shell-split otherwise."""
        text = self.args.strip()
        if text.startswith("["):
            loaded = yaml.safe_load(text)
            assert isinstance(loaded, list)
            return [str(item) for item in loaded]
        return shlex.split(text)


@cache
def dockerfile() -> tuple[Instruction, ...]:
    """The Dockerfile's instructions, with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for raw in (DEPLOY / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip()))
        pending = ""
    return tuple(instructions)


def stages() -> list[list[Instruction]]:
    """Instructions grouped by build stage (each starts with FROM)."""
    grouped: list[list[Instruction]] = []
    for instruction in dockerfile():
        if instruction.keyword == "FROM":
            grouped.append([])
        assert grouped, "the Dockerfile must start with FROM"
        grouped[-1].append(instruction)
    return grouped


def entrypoint_text() -> str:
    return (DEPLOY / "entrypoint.sh").read_text()


def env_example_names() -> set[str]:
    """Names in .env.example, set (NAME=...) or shown with their default (# NAME=...)."""
    names = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^#?\s?([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _ENV_NAME.match(node.value):
        return None if _WSGI_KEYS.match(node.value) else node.value
    return None


def _is_environ(node: ast.AST) -> bool:
    """`os.environ`, or a parameter named `environ` (helpers that take the environment)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id == "environ"


def _names_in(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        name: str | None = None
        if isinstance(node, ast.Call):
            func = node.func
            callee = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if callee in _ENV_ACCESSORS and node.args:
                name = _literal(node.args[0])  # env_str("NAME", ...)
            elif callee == "getenv" and node.args:
                name = _literal(node.args[0])  # os.getenv("NAME")
            elif isinstance(func, ast.Attribute) and _is_environ(func.value) and node.args:
                name = _literal(node.args[0])  # os.environ.get("NAME"), environ.setdefault(...)
            elif len(node.args) >= 2 and _is_environ(node.args[0]):
                name = _literal(node.args[1])  # _clean(environ, "NAME")
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            name = _literal(node.slice)  # os.environ["NAME"]
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.endswith("ENV_VAR"):
                name = _literal(node.value)  # MODEL_DIR_ENV_VAR = "NAME"
        if name:
            yield name


@cache
def variables_read_by_the_application() -> frozenset[str]:
    """Every environment variable the package reads, found in its source (migrations excluded)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names.update(_names_in(ast.parse(path.read_text(), filename=str(path))))
    return frozenset(names)


def compose_interpolations() -> dict[str, bool]:
    """Variables compose substitutes into the file, each with whether it has a default."""
    found: dict[str, bool] = {}
    for match in re.finditer(r"\$\{([A-Z][A-Z0-9_]*)(:?[-?][^}]*)?\}", (DEPLOY / "compose.yaml").read_text()):
        has_default = bool(match.group(2)) and match.group(2).lstrip(":").startswith("-")
        found[match.group(1)] = found.get(match.group(1), False) or has_default
    return found


def entrypoint_variables() -> set[str]:
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", entrypoint_text()))


def service_environment(name: str) -> dict[str, str]:
    environment = service(name).get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return dict(environment)


# --- compose --------------------------------------------------------------------------------


def test_compose_has_every_service() -> None:
    assert set(compose()["services"]) == {"db", "redis", "web", "worker", "beat", "pgadmin"}


def test_beat_runs_the_periodic_jobs_after_migrations() -> None:
    beat = service("beat")
    assert beat["command"][:4] == ["celery", "-A", "support_desk.config.celery", "beat"]
    assert beat["depends_on"]["web"]["condition"] == "service_healthy"


def test_db_is_postgres_15_with_a_healthcheck_and_a_volume() -> None:
    db = service("db")
    assert db["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, _, mount = db["volumes"][0].partition(":")
    assert mount == "/var/lib/postgresql/data"
    assert volume in compose()["volumes"], "the database must live in a named volume"


def test_redis_is_redis_7() -> None:
    assert service("redis")["image"].startswith("redis:7")


def test_web_waits_for_a_healthy_database_and_redis() -> None:
    depends_on = service("web")["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert "redis" in depends_on


def test_web_healthcheck_probes_readyz() -> None:
    test = service("web")["healthcheck"]["test"]
    script = test[-1]
    copies = {i.exec_form()[-1]: i.exec_form()[0] for i in stages()[-1] if i.keyword == "COPY"}
    assert script in copies, f"the healthcheck runs {script}, which the image does not contain"
    source = REPO / copies[script]
    assert '"/readyz"' in source.read_text()


def test_web_and_worker_run_the_image_built_from_the_dockerfile() -> None:
    web, worker = service("web"), service("worker")
    assert web["image"] == worker["image"]
    for app in (web, worker):
        build = app["build"]
        context = (DEPLOY / build["context"]).resolve()
        assert context == REPO
        assert (context / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
        env_file = app["env_file"]
        env_files = [env_file] if isinstance(env_file, str) else env_file
        assert [(DEPLOY / path).resolve() for path in env_files] == [REPO / ".env"]


def test_worker_runs_celery_with_the_project_app() -> None:
    worker = service("worker")
    assert worker["command"] == ["celery", "-A", "support_desk.config.celery", "worker", "-l", "info"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"  # migrations are applied
    assert "redis" in worker["depends_on"]


def test_beat_schedules_the_mailbox_poll_with_the_project_app() -> None:
    beat = service("beat")
    assert beat["command"][:5] == ["celery", "-A", "support_desk.config.celery", "beat", "-l"]
    assert beat["image"] == service("worker")["image"]
    assert beat["depends_on"]["web"]["condition"] == "service_healthy"
    # Attachments outlive containers and are shared by the web server and the worker.
    for name in ("web", "worker"):
        assert "attachments:/app/var/attachments" in service(name)["volumes"]


def test_pgadmin_only_with_the_tools_profile() -> None:
    assert service("pgadmin")["profiles"] == ["tools"]
    with_profiles = {name for name, spec in compose()["services"].items() if "profiles" in spec}
    assert with_profiles == {"pgadmin"}
    assert all(port.startswith("127.0.0.1:") for port in service("pgadmin")["ports"])


def test_ports_line_up() -> None:
    published = [str(port).rsplit(":", 1)[-1] for port in service("web")["ports"]]
    assert published == ["8000"]
    final = stages()[-1]
    assert [i.args for i in final if i.keyword == "EXPOSE"] == ["8000"]
    command = next(i for i in final if i.keyword == "CMD").exec_form()
    assert command[:2] == ["supportdesk", "serve"]
    assert command[command.index("--bind") + 1] == "0.0.0.0:8000"
    # The entrypoint's default (no arguments) serves on the same address.
    assert "set -- supportdesk serve --bind 0.0.0.0:8000" in entrypoint_text()


# --- Dockerfile -----------------------------------------------------------------------------


def test_first_stage_builds_the_web_app_with_node_20() -> None:
    first = stages()[0]
    image, _, stage_name = first[0].args.partition(" AS ")
    assert image.split(":")[0] == "node"
    assert image.split(":")[1].startswith("20")
    runs = " && ".join(i.args for i in first if i.keyword == "RUN")
    assert "npm ci" in runs
    assert "npm run build" in runs
    final = stages()[-1]
    copied = [
        i.exec_form() for i in final if i.keyword == "COPY" and i.args.startswith(f"--from={stage_name}")
    ]
    assert copied, "the final stage must copy the built web app"
    assert copied[0][1].endswith("/dist")
    web_app_dist = next(
        value for i in final if i.keyword == "ENV" for key, value in _env_pairs(i) if key == "WEB_APP_DIST"
    )
    assert copied[0][-1].rstrip("/") == web_app_dist


def test_final_stage_is_python_311_slim_and_installs_the_package() -> None:
    final = stages()[-1]
    assert final[0].args.split()[0] == "python:3.11-slim"
    runs = " ".join(i.args for i in final if i.keyword == "RUN")
    assert re.search(r"pip install [^&]*\.(\s|$)", runs), "install the package from pyproject.toml"
    assert any(i.keyword == "COPY" and "pyproject.toml" in i.args for i in final)


def test_final_stage_runs_as_a_non_root_user() -> None:
    users = [i.args for i in stages()[-1] if i.keyword == "USER"]
    assert users, "the final stage must switch to an unprivileged user"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    # Nothing after the last USER switches back to root.
    final = stages()[-1]
    last_user = max(index for index, i in enumerate(final) if i.keyword == "USER")
    assert not any(i.keyword == "RUN" for i in final[last_user:])


def test_entrypoint_is_the_deploy_script() -> None:
    final = stages()[-1]
    entrypoint = next(i for i in final if i.keyword == "ENTRYPOINT").exec_form()
    copied = {Path(i.exec_form()[-1]).name: i.exec_form()[0] for i in final if i.keyword == "COPY"}
    assert copied[entrypoint[0]] == "deploy/entrypoint.sh"
    assert os.access(DEPLOY / "entrypoint.sh", os.X_OK)


def test_files_the_dockerfile_copies_exist() -> None:
    for instruction in dockerfile():
        if instruction.keyword != "COPY" or instruction.args.startswith("--from"):
            continue
        for source in instruction.exec_form()[:-1]:
            assert (REPO / source).exists(), f"the Dockerfile copies {source}, which does not exist"


def _env_pairs(instruction: Instruction) -> list[tuple[str, str]]:
    pairs = []
    for item in shlex.split(instruction.args):
        key, _, value = item.partition("=")
        pairs.append((key, value))
    return pairs


# --- entrypoint -----------------------------------------------------------------------------


def test_entrypoint_migrates_collects_static_then_execs() -> None:
    text = entrypoint_text()
    assert text.startswith("#!/bin/sh")
    assert "set -eu" in text
    migrate = text.index("supportdesk migrate --noinput")
    collect = text.index("supportdesk collectstatic --noinput")
    wait = text.index("\nwait_for_database\n")
    run = text.index('exec "$@"')
    assert wait < migrate < collect < run
    assert text.rstrip().endswith('exec "$@"')


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_entrypoint_is_valid_posix_shell(tmp_path: Path) -> None:
    """The image runs it with /bin/sh (dash on Debian); a bash-only construct would break it."""

    def parses(script: Path) -> bool:
        return subprocess.run(["sh", "-n", str(script)], capture_output=True, check=False).returncode == 0

    assert parses(DEPLOY / "entrypoint.sh")
    # The check can fail: the same script with one `fi` missing does not parse.
    broken = tmp_path / "entrypoint.sh"
    broken.write_text((DEPLOY / "entrypoint.sh").read_text().replace("fi\n", "\n", 1))
    assert not parses(broken)
    assert entrypoint_text().splitlines()[0] == "#!/bin/sh"
    assert "set -eu" in entrypoint_text()


# --- environment variables ----------------------------------------------------------------


def test_the_scanner_finds_known_variables() -> None:
    """Guards the guard: if the scan broke, the checks below would pass vacuously."""
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "LOG_FORMAT", "CORS_ALLOWED_ORIGINS"} <= (
        variables_read_by_the_application()
    )


def test_every_variable_the_application_reads_is_documented() -> None:
    missing = variables_read_by_the_application() - env_example_names()
    assert not missing, f"add these to .env.example, with a comment: {sorted(missing)}"


def test_env_example_lists_only_variables_something_reads() -> None:
    readers = (
        variables_read_by_the_application()
        | set(compose_interpolations())
        | entrypoint_variables()
        | READ_BY_THIRD_PARTIES
    )
    unknown = env_example_names() - readers
    assert not unknown, f".env.example lists variables nothing reads: {sorted(unknown)}"


def test_compose_values_without_a_default_are_documented() -> None:
    required = {name for name, has_default in compose_interpolations().items() if not has_default}
    assert required <= env_example_names()
    assert "POSTGRES_PASSWORD" in required


def test_application_containers_get_only_variables_the_application_reads() -> None:
    for name in ("web", "worker"):
        unknown = set(service_environment(name)) - variables_read_by_the_application()
        assert not unknown, f"{name} sets variables the application never reads: {sorted(unknown)}"
    dockerfile_env = {key for i in stages()[-1] if i.keyword == "ENV" for key, _ in _env_pairs(i)}
    unknown = (
        {key for key in dockerfile_env if not TOOLING_ENV.match(key)}
        - variables_read_by_the_application()
        - READ_BY_THIRD_PARTIES
    )
    assert not unknown, f"the Dockerfile sets variables the application never reads: {sorted(unknown)}"


def test_database_url_matches_the_database_service() -> None:
    url = service_environment("web")["DATABASE_URL"]
    db_env = service_environment("db")
    match = re.fullmatch(r"postgres://([^:]+):(.+)@db:5432/(.+)", url)
    assert match, url
    user, password, database = match.groups()
    assert (user, password, database) == (
        db_env["POSTGRES_USER"],
        db_env["POSTGRES_PASSWORD"],
        db_env["POSTGRES_DB"],
    )


# --- the entrypoint, run for real (SQLite stands in for PostgreSQL) --------------------------


def _entrypoint_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    venv_bin = Path(sys.executable).parent
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "LOG_FORMAT"}}
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="support_desk.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="support.example.com",
        DATABASE_URL=database_url,
        SUPPORTDESK_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        DB_WAIT_SECONDS="1",
    )
    return env


def test_entrypoint_prepares_then_runs_the_web_server(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    env = _entrypoint_env(tmp_path, f"sqlite:///{database}")
    # `supportdesk serve --help` takes the web server's path (migrate, collectstatic), then exits.
    result = subprocess.run(
        ["sh", str(DEPLOY / "entrypoint.sh"), "supportdesk", "serve", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Serve Support Desk with gunicorn" in result.stdout
    with sqlite3.connect(database) as conn:
        applied = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert applied > 0
    assert any((tmp_path / "static").rglob("*.css")), "collectstatic wrote the static files"


def test_entrypoint_runs_other_commands_without_migrating(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    env = _entrypoint_env(tmp_path, f"sqlite:///{database}")
    result = subprocess.run(
        ["sh", str(DEPLOY / "entrypoint.sh"), "sh", "-c", "echo worker ran"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "worker ran"
    with sqlite3.connect(database) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE name = 'django_migrations'").fetchall()
    assert tables == []


def test_entrypoint_gives_up_clearly_when_the_database_never_answers(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _entrypoint_env(tmp_path, f"postgres://nobody@127.0.0.1:{port}/nothing")
    result = subprocess.run(
        ["sh", str(DEPLOY / "entrypoint.sh"), "sh", "-c", "echo must not run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "must not run" not in result.stdout
    assert "the database is still unreachable" in result.stderr
