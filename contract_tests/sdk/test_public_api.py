"""The public names of ``seedance`` (pinned like httpx's test_exported_members) and the
exception hierarchy the SDK documents (docs/sdk.md, docs/reference.md)."""

import importlib.resources
import types

import pytest

import seedance
import seedance.errors
from seedance import AsyncSeedance, Seedance, SeedanceError

from .conftest import KEY

PINNED = {
    "DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "APIConnectionError",
    "APIStatusError", "APITimeoutError", "AsyncSeedance", "AuthenticationError",
    "BadRequestError", "CreateOutcomeUnknownError", "ImageToVideoRequest",
    "InternalServerError", "NotFoundError", "PermissionDeniedError", "PollSchedule", "Problem",
    "RateLimitError", "RequestValidationError", "RetryPolicy", "Seedance", "SeedanceError",
    "TaskFailedError", "TaskNotReadyError", "TooManyRedirectsError", "UnexpectedContentError",
    "UnreadableResponseError",
    "VideoTask", "WaitTimeoutError",
}  # fmt: skip
DESIGN_ERRORS = {
    "RequestValidationError": SeedanceError,
    "APIConnectionError": SeedanceError,
    "APITimeoutError": "APIConnectionError",
    "CreateOutcomeUnknownError": SeedanceError,
    "APIStatusError": SeedanceError,
    "BadRequestError": "APIStatusError",
    "AuthenticationError": "APIStatusError",
    "PermissionDeniedError": "APIStatusError",
    "NotFoundError": "APIStatusError",
    "TaskNotReadyError": "APIStatusError",
    "RateLimitError": "APIStatusError",
    "InternalServerError": "APIStatusError",
    "TaskFailedError": SeedanceError,
    "WaitTimeoutError": SeedanceError,
}


def test_all_lists_exactly_the_pinned_public_names():
    assert set(seedance.__all__) == PINNED
    assert len(seedance.__all__) == len(set(seedance.__all__))


def test_nothing_is_public_by_accident():
    public = {
        name
        for name, value in vars(seedance).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    assert public == set(seedance.__all__)


def test_every_hand_written_public_class_has_a_docstring():
    for name in seedance.__all__:
        value = getattr(seedance, name)
        if isinstance(value, type) and value.__module__.startswith("seedance."):
            assert value.__doc__, f"seedance.{name} has no docstring"


def test_an_unknown_create_outcome_is_not_a_connection_error_a_retry_loop_would_catch():
    assert not issubclass(seedance.CreateOutcomeUnknownError, seedance.APIConnectionError)


@pytest.mark.parametrize(("name", "parent"), DESIGN_ERRORS.items())
def test_design_exceptions_are_the_same_class_in_seedance_and_seedance_errors(name, parent):
    cls = getattr(seedance, name)
    assert cls is getattr(seedance.errors, name)
    base = getattr(seedance, parent) if isinstance(parent, str) else parent
    assert issubclass(cls, base)
    assert issubclass(cls, SeedanceError)


def test_the_key_comes_from_the_environment_and_never_shows_in_repr(monkeypatch):
    monkeypatch.setenv("SEEDANCE_API_KEY", KEY)
    monkeypatch.setenv("SEEDANCE_BASE_URL", "http://127.0.0.1:9/")
    with Seedance() as client:
        assert client.base_url == "http://127.0.0.1:9"
        assert KEY not in repr(client)
        assert KEY not in repr(client._settings)


def test_without_a_key_the_client_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv("SEEDANCE_API_KEY", raising=False)
    with pytest.raises(SeedanceError, match="SEEDANCE_API_KEY"):
        Seedance()
    with pytest.raises(SeedanceError, match="SEEDANCE_API_KEY"):
        AsyncSeedance()


def test_the_default_base_url_is_production(monkeypatch):
    monkeypatch.delenv("SEEDANCE_BASE_URL", raising=False)
    with Seedance(api_key=KEY) as client:
        assert client.base_url == "https://api.powertokens.ai"


def test_the_context_manager_closes_the_connection_pool():
    with Seedance(api_key=KEY, base_url="http://127.0.0.1:9") as client:
        http = client._generated.get_httpx_client()
    assert http.is_closed


def test_the_package_is_marked_typed_so_user_code_type_checks_against_it():
    assert importlib.resources.files("seedance").joinpath("py.typed").is_file()
