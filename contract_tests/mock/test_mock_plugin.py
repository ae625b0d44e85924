"""The pytest plugin, used as users would: ``pytest_plugins = ["seedance.mock.pytest_plugin"]``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def test_users_get_a_running_mock_through_the_mock_gateway_fixture(tmp_path: Path):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["seedance.mock.pytest_plugin"]\n')
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            import httpx
            import pytest

            def test_default(mock_gateway):
                assert mock_gateway.base_url.startswith("http://127.0.0.1:")
                r = httpx.get(mock_gateway.base_url + "/_mock/health")
                assert r.status_code == 200

            @pytest.mark.mock_gateway(api_key="sk-user", prefer="code=503")
            def test_options(mock_gateway):
                assert mock_gateway.api_key == "sk-user"
                r = httpx.get(mock_gateway.base_url + "/v1/videos/x",
                              headers={"Authorization": "Bearer sk-user"})
                assert r.status_code == 503
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        # only what the conftest asks for (not every installed pytest plugin: ~10 s of imports)
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
