"""Configuration from environment and flags: empty means unset, missing keys are named."""

from __future__ import annotations

import math

import pytest

from seedance.contract import ConfigError, load_config
from seedance.contract.config import DEFAULT_LIVE_RATE

MAKE_EXPORTS = {
    "BASE_URL": "",
    "API_KEY": "",
    "TARGET": "",
    "MAX_BILLABLE": "",
    "PLAN": "",
    "RATE": "",
}


def test_empty_variables_from_make_mean_the_embedded_mock_without_a_cap():
    config = load_config([], MAKE_EXPORTS)
    assert config.target == "mock"
    assert math.isinf(config.max_billable)
    assert config.rate == 0
    assert not config.plan_only


def test_any_server_defaults_to_a_zero_budget():
    config = load_config([], {**MAKE_EXPORTS, "BASE_URL": "http://127.0.0.1:9/", "API_KEY": "k"})
    assert config.target == "server"
    assert config.base_url == "http://127.0.0.1:9"
    assert config.max_billable == 0


def test_flags_override_the_environment():
    env = {**MAKE_EXPORTS, "BASE_URL": "http://a.test", "API_KEY": "k", "MAX_BILLABLE": "5"}
    config = load_config(["--max-billable", "7", "--plan", "1"], env)
    assert config.max_billable == 7
    assert config.plan_only


def test_live_refuses_to_start_without_the_key_and_says_which_variable():
    with pytest.raises(ConfigError, match="SEEDANCE_API_KEY"):
        load_config([], {**MAKE_EXPORTS, "TARGET": "live"})


def test_live_uses_the_key_a_rate_limit_and_a_zero_budget():
    config = load_config([], {**MAKE_EXPORTS, "TARGET": "live", "SEEDANCE_API_KEY": "sk-live"})
    assert config.base_url == "https://api.powertokens.ai"
    assert config.api_key == "sk-live"
    assert config.rate == DEFAULT_LIVE_RATE
    assert config.max_billable == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BASE_URL": "http://a.test"}, "API_KEY"),
        ({"API_KEY": "k"}, "BASE_URL"),
        ({"BASE_URL": "http://a.test", "API_KEY": "k", "MAX_BILLABLE": "lots"}, "MAX_BILLABLE"),
        ({"BASE_URL": "http://a.test", "API_KEY": "k", "MAX_BILLABLE": "-1"}, "MAX_BILLABLE"),
        ({"BASE_URL": "a.test", "API_KEY": "k"}, "http"),
        ({"TARGET": "prod"}, "TARGET"),
        ({"PLAN": "maybe"}, "PLAN"),
    ],
)
def test_configuration_errors_say_what_is_wrong(env, message):
    with pytest.raises(ConfigError, match=message):
        load_config([], {**MAKE_EXPORTS, **env})


def test_the_command_line_exits_2_on_a_configuration_error(monkeypatch, capsys):
    from seedance.contract import main

    for name in MAKE_EXPORTS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SEEDANCE_API_KEY", raising=False)
    monkeypatch.setenv("TARGET", "live")
    assert main([]) == 2
    assert "SEEDANCE_API_KEY" in capsys.readouterr().err
