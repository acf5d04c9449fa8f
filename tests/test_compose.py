"""What an operator relies on in docker-compose.yml and the Dockerfile.

No Docker engine is needed: the files are read as data.
"""

import json
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING_APP_SERVICES = ("web", "worker", "beat")


def command(service: str) -> list[str]:
    value = SERVICES[service]["command"]
    return shlex.split(value) if isinstance(value, str) else list(value)


def environment(service: str) -> dict[str, str]:
    value = SERVICES[service].get("environment", {})
    if isinstance(value, list):
        value = dict(item.split("=", 1) for item in value)
    return {key: str(val) for key, val in value.items()}


def healthcheck(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def mounts(service: str) -> dict[str, str]:
    """Where each volume is mounted: {target path: source}."""
    result = {}
    for volume in SERVICES[service].get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        result[target] = source
    return result


def final_stage_instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions after its last FROM, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    logical = re.sub(r"\\\n", " ", text)
    instructions = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def test_stack_has_database_broker_web_worker_scheduler_and_migrations():
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(SERVICES)


def test_exactly_one_process_schedules_the_periodic_tasks():
    schedulers = [
        name
        for name, service in SERVICES.items()
        if "command" in service
        and ("beat" in command(name) or {"-B", "--beat"} & set(command(name)))
    ]
    assert schedulers == ["beat"]
    beat = SERVICES["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat


def test_worker_runs_the_projects_celery_worker():
    assert command("worker")[:4] == ["celery", "-A", "avvik", "worker"]


def test_web_runs_gunicorn_on_the_wsgi_app_on_all_interfaces_of_its_container():
    web = command("web")
    assert web[0] == "gunicorn"
    assert "avvik.wsgi" in web
    assert "0.0.0.0:8000" in web


def test_migrations_run_once_before_the_app_starts():
    assert command("migrate")[-2:] == ["migrate", "--noinput"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name in LONG_RUNNING_APP_SERVICES:
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name


def test_database_broker_and_web_report_their_health():
    assert "pg_isready" in healthcheck("postgres")
    assert "redis-cli ping" in healthcheck("redis")
    assert "/helse/" in healthcheck("web")


def test_web_health_check_asks_the_liveness_endpoint_that_exists():
    from django.urls import resolve

    url = re.search(r"http://127\.0\.0\.1:8000(/[^\"']*)", healthcheck("web")).group(1)
    assert resolve(url).url_name == "liveness"


def test_every_long_running_process_has_a_health_check():
    for name in LONG_RUNNING_APP_SERVICES:
        assert SERVICES[name].get("healthcheck", {}).get("test"), name


def test_beat_is_healthy_only_while_the_escalation_sweep_runs():
    test = SERVICES["beat"]["healthcheck"]["test"]
    args = test[1:] if test[0] in ("CMD", "CMD-SHELL") else test
    assert args[:3] == ["python", "manage.py", "health"]
    assert "escalation_sweep" in args


def test_every_app_process_gets_database_broker_and_secret_key():
    for name in APP_SERVICES:
        env = environment(name)
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["REDIS_URL"].startswith("redis://redis:6379/"), name
        assert env["SECRET_KEY"], name
        assert env["DEBUG"] == "false", name


def test_compose_refuses_to_start_without_a_secret_key():
    # ${VAR:?message} makes `docker compose` stop with the message when VAR is unset.
    assert re.search(r"SECRET_KEY: \$\{SECRET_KEY:\?[^}]+\}", COMPOSE_TEXT)
    assert re.search(r"POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?[^}]+\}", COMPOSE_TEXT)


def test_database_and_broker_keep_their_data_on_named_volumes():
    named_volumes = set(COMPOSE["volumes"])
    assert mounts("postgres")["/var/lib/postgresql/data"] in named_volumes
    assert mounts("redis")["/data"] in named_volumes


def test_web_and_worker_share_the_uploaded_files():
    media = mounts("web")["/data/media"]
    assert media in COMPOSE["volumes"]
    assert mounts("worker")["/data/media"] == media


def test_only_the_web_port_is_published_and_only_on_loopback():
    assert "ports" not in SERVICES["postgres"]
    assert "ports" not in SERVICES["redis"]
    assert SERVICES["web"]["ports"]
    for port in SERVICES["web"]["ports"]:
        assert str(port).startswith("127.0.0.1:"), port


def test_image_runs_gunicorn_as_an_unprivileged_user():
    instructions = final_stage_instructions()
    users = [i for i, (keyword, _) in enumerate(instructions) if keyword == "USER"]
    cmd = [i for i, (keyword, _) in enumerate(instructions) if keyword == "CMD"]
    assert users and cmd
    user = instructions[users[-1]][1].split(":")[0]
    assert user not in {"root", "0"}
    assert users[-1] < cmd[-1]
    entry = json.loads(instructions[cmd[-1]][1])
    assert entry[0] == "gunicorn"
    assert "avvik.wsgi" in entry


def test_image_collects_static_files_without_baking_in_a_secret_key():
    instructions = final_stage_instructions()
    assert any(keyword == "RUN" and "collectstatic" in args for keyword, args in instructions)
    assert not any(keyword == "ENV" and "SECRET_KEY" in args for keyword, args in instructions)


def test_image_leaves_out_local_state_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".git", ".venv", "var", "node_modules"):
        assert entry in ignored
