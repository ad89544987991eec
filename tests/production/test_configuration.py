"""The production configuration of the installed wheel passes Django's deployment checks, and every
check it silences is explained to the operator in docs/deploy.md."""

from pathlib import Path

from tests.production.stack import PROJECT, manage_command, run_step

SETTING = "from django.conf import settings; print(' '.join(settings.SILENCED_SYSTEM_CHECKS), settings.DEBUG)"


def test_check_deploy_leaves_no_warning_unexplained(deployment):
    result = deployment.manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr

    # The last line: Django's shell may first say how many objects it imported.
    *silenced, debug = deployment.manage("shell", "-c", SETTING).stdout.strip().splitlines()[-1].split()
    assert debug == "False"
    docs = (PROJECT / "docs" / "deploy.md").read_text()
    for check in silenced:
        assert f"`{check}`" in docs, f"{check} is silenced but docs/deploy.md does not say why"


def test_the_commands_run_the_installed_wheel_not_the_checkout(deployment):
    # Every process runs the wheel in the virtualenv, never the checkout the tests run from.
    code = "import intranet; print(intranet.__file__)"
    location = deployment.manage("shell", "-c", code).stdout.strip().splitlines()[-1]
    assert location.startswith(str(deployment.venv) + "/"), location
    # The session's virtualenv may live under the checkout (var/cache/); its sources must not.
    assert not Path(location).is_relative_to(PROJECT / "intranet"), location


def test_a_misconfigured_start_says_what_is_wrong_in_one_line_each_without_a_traceback(deployment):
    node = deployment.env["ELASTICSEARCH_URL"].rpartition("@")[2]
    broken = {
        **deployment.env,
        "SECRET_KEY": "",
        "DATABASE_URL": "postgres//db.example.fi/intranet",
        "ELASTICSEARCH_URL": f"http://{node}",
    }
    for argv in (
        manage_command(deployment.venv) + ["migrate", "--noinput"],
        [str(deployment.venv / "bin" / "daphne"), "--port", "0", "intranet.asgi:application"],
    ):
        result = run_step(argv, broken, deployment.root / "run", timeout=120, check=False)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output, output
        assert "Configuration error: SECRET_KEY must be set when INTRANET_ENV=production." in output
        assert "Configuration error: DATABASE_URL must start with postgres://" in output
        assert "Configuration error: ELASTICSEARCH_URL has no credentials" in output
