"""`triggerpoint clinic create`: a clinic and its first admin, from the shell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers import BASE_URL, post_form
from triggerpoint.cli import app
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings

runner = CliRunner()
PASSWORD = "a long clinic boss passphrase"


@pytest.fixture
def clinic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRIGGERPOINT_MODE", "clinic")
    return tmp_path


def _web(folder: Path) -> TestClient:
    settings = get_settings(data_dir=folder, mode="clinic", secret_key="test-secret")
    return TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False)


def test_a_piped_password_lets_the_admin_sign_in_and_enrol_a_second_factor(clinic_env: Path) -> None:
    result = runner.invoke(app, ["clinic", "create", "Alder Clinic", "--admin", "Admin@Alder.example"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "admin@alder.example" in result.output and "password set" in result.output
    with _web(clinic_env) as web:
        answer = post_form(web, "/sign-in", {"email": "admin@alder.example", "password": PASSWORD})
        assert answer.status_code == 303 and answer.headers["location"] == "/sign-in/enrol"


def test_without_a_password_a_one_time_set_up_link_is_printed(clinic_env: Path) -> None:
    result = runner.invoke(app, ["clinic", "create", "Birch Clinic", "--admin", "admin@birch.example"])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://127\.0\.0\.1:8000(/link/[A-Za-z0-9_\-]+)", result.output.replace("\n", ""))
    assert link, result.output
    with _web(clinic_env) as web:
        assert web.get(link.group(1)).status_code == 200
        assert web.get(link.group(1) + "x").status_code == 404


def test_a_weak_password_or_a_second_clinic_of_the_same_name_is_refused(clinic_env: Path) -> None:
    weak = runner.invoke(app, ["clinic", "create", "Cedar", "--admin", "a@cedar.example"], input="password\n")
    assert weak.exit_code == 2 and "at least" in weak.output
    assert runner.invoke(app, ["clinic", "create", "Cedar", "--admin", "b@cedar.example"]).exit_code == 0
    again = runner.invoke(app, ["clinic", "create", "Cedar", "--admin", "c@cedar.example"])
    assert again.exit_code == 2 and "exists already" in again.output
