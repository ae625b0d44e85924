"""``seedance contract-test`` tests the target the user named (global options before the
subcommand, ``SEEDANCE_``-prefixed variables, options after it), says a refused key once
(exit 2, naming where the key came from), and ``--help`` / ``-h`` exit 0 everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from contract_tests.fakes.seed import SEED_PAGE
from seedance.cli import app

#: Which target a run tests does not depend on the family: the seed model alone, no fuzzing.
_FREE_ONLY = ["--max-billable", "0", "--schemathesis", "0", "--model", SEED_PAGE]
_CLEAN_ENV: dict[str, str | None] = dict.fromkeys(
    (
        "SEEDANCE_API_KEY",
        "SEEDANCE_BASE_URL",
        "BASE_URL",
        "API_KEY",
        "TARGET",
        "MAX_BILLABLE",
        "SCHEMATHESIS",
        "MODELS",
        "REPORT_DIR",
    )
)


def _seedance(args: list[str], tmp_path: Path, **env: str) -> Result:
    environment = {**_CLEAN_ENV, "SEEDANCE_REPORT_DIR": str(tmp_path / "reports"), **env}
    return CliRunner().invoke(app, args, env=environment)


def test_global_base_url_and_key_before_the_subcommand_are_the_target(gateway, tmp_path: Path):
    args = ["--base-url", gateway.base_url, "--api-key", gateway.api_key, "contract-test"]

    result = _seedance([*args, *_FREE_ONLY], tmp_path)

    assert f"contract-test: server at {gateway.base_url}" in result.stdout, result.output
    assert "contract-test: mock at" not in result.stdout
    assert result.exit_code == 0, result.output


def test_seedance_prefixed_variables_name_the_target(gateway, tmp_path: Path):
    result = _seedance(
        ["contract-test", *_FREE_ONLY],
        tmp_path,
        SEEDANCE_BASE_URL=gateway.base_url,
        SEEDANCE_API_KEY=gateway.api_key,
    )

    assert f"contract-test: server at {gateway.base_url}" in result.stdout, result.output
    assert result.exit_code == 0, result.output


def test_options_after_the_subcommand_name_the_target_too(gateway, tmp_path: Path):
    args = ["contract-test", "--base-url", gateway.base_url, "--api-key", gateway.api_key]

    result = _seedance([*args, *_FREE_ONLY], tmp_path)

    assert f"contract-test: server at {gateway.base_url}" in result.stdout, result.output
    assert result.exit_code == 0


def test_a_key_alone_in_seedance_api_key_tests_the_embedded_mock(tmp_path: Path):
    result = _seedance(["contract-test", *_FREE_ONLY], tmp_path, SEEDANCE_API_KEY="sk-mine")

    assert "contract-test: mock at" in result.stdout, result.output
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("where", "named"),
    [("flag", "--api-key"), ("env", "SEEDANCE_API_KEY"), ("global", "--api-key")],
)
def test_a_refused_key_stops_the_run_with_one_line_naming_where_it_came_from(
    gateway, tmp_path: Path, where: str, named: str
):
    env: dict[str, str] = {}
    if where == "flag":
        args = ["contract-test", "--base-url", gateway.base_url, "--api-key", "sk-wrong"]
    elif where == "env":
        args = ["contract-test"]
        env = {"SEEDANCE_BASE_URL": gateway.base_url, "SEEDANCE_API_KEY": "sk-wrong"}
    else:
        args = ["--base-url", gateway.base_url, "--api-key", "sk-wrong", "contract-test"]

    result = _seedance([*args, "--schemathesis", "0"], tmp_path, **env)

    assert result.exit_code == 2, result.output
    refused = [line for line in result.output.splitlines() if "the key was refused" in line]
    assert len(refused) == 1
    assert f"key from {named}" in refused[0]
    assert "sk-wrong" not in result.output
    assert "violation" not in result.output
    assert len(gateway.app.state.gateway.store) == 0  # no create was made


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["generate"],
        ["status"],
        ["download"],
        ["batch"],
        ["contract-test"],
        ["mock"],
        ["drift"],
        ["lint-spec"],
    ],
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_exits_0_for_every_command(tmp_path: Path, command: list[str], flag: str):
    result = _seedance([*command, flag], tmp_path)

    assert result.exit_code == 0, result.output
    assert "usage" in result.output.lower()
    assert "contract-test: configuration error" not in result.output


def test_seedance_help_lists_the_video_commands_first(tmp_path: Path):
    result = _seedance(["--help"], tmp_path)

    videos = ("generate", "status", "download", "batch")
    order = [result.output.find(f" {name} ") for name in videos]
    tools = [result.output.find(f" {name} ") for name in ("mock", "contract-test", "drift")]
    assert all(position > 0 for position in order + tools)
    assert order == sorted(order)
    assert max(order) < min(tools)


def test_generate_help_lists_the_values_the_spec_allows():
    from contract_tests.fakes.instances import enum_sites
    from seedance._request import spec

    allowed = {
        site.path[0]: site.schema["enum"]
        for site in enum_sites(spec().roles.create.request_schema or {})
        if len(site.path) == 1
    }
    result = CliRunner().invoke(app, ["generate", "--help"], env={"COLUMNS": "400"})

    for option in ("seconds", "size", "ratio"):
        line = next(x for x in result.output.splitlines() if f"--{option}" in x)
        assert all(str(value) in line for value in allowed[option]), line
