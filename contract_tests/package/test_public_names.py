"""Each package's public names, pinned (as httpx's test_exported_members does).

``__all__`` is the list a package promises; a name added to or dropped from it is a change of
the public interface and must show up here, in review. Every public attribute of the package
namespace must be listed (nothing public by accident), and every listed name must resolve
(names of the ``tools`` layer load on first use).
"""

from __future__ import annotations

import importlib
import types

import pytest

PUBLIC = {
    "seedance.batch": [
        "Job", "JobOutcome", "JobState", "JobsFileError", "Journal", "JournalMismatchError",
        "JournalUnreadableError",
        "LineProblem", "Outcome", "Summary", "load_jobs", "run_batch",
    ],
    "seedance.cli": ["app", "main"],
    "seedance.contract": [
        "ENVIRONMENT_VARIABLES", "ConfigError", "ContractError", "RunConfig", "Target",
        "load_config", "main", "run",
    ],
    "seedance.drift": [
        "LEVELS", "Change", "DriftError", "DriftResult", "drift_result", "render_text",
        "run_drift", "run_lint",
    ],
    "seedance.mock": [
        "MockConfig", "MockConfigError", "MockError", "MockServer", "MockSpecError",
        "MockStartError", "Scenario", "create_app", "embedded_target", "parse_prefer",
        "running_mock", "sample_mp4",
    ],
    "seedance.spec": [
        "BUNDLE_PATH", "HTTP_METHODS", "LOCK_PATH", "OPENAPI_DIR", "BundleError", "OperationInfo",
        "OperationRoles", "OperationRolesError", "OverlayError", "OverlayTargetNotFoundError",
        "ResponseInfo", "SchemaView", "SpecError", "SpecSourceError", "SpecView", "apply_overlay",
        "build_bundle", "bundle_view", "check_discriminator_coverage", "dump_json", "dump_yaml",
        "load_bundle", "load_yaml_file", "lookup", "operation_roles", "operations", "read_lock",
        "read_spec_source", "resolve_ref",
    ],
    "seedance.catalogue": [
        "LINKAGE_KEY", "MEDIA_FIELD", "MODEL_FIELD", "PAGES_KEY", "Catalogue", "CreateJudge",
        "FieldSpec", "Linkage", "LinkageError", "Mode", "Model", "Operator", "UnknownModel",
        "catalogue", "catalogue_of", "linkage_rules",
    ],
    "seedance.exitcode": ["ExitCode"],
    "seedance.reading": [
        "MAX_REDIRECTS", "MIN_REDACTED_RUN", "REDACTED", "parse_retry_after", "read_error",
        "redact", "same_origin", "task_path", "video_problem",
    ],
    "seedance_client": ["AuthenticatedClient", "Client"],
}  # fmt: skip


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_the_package_exports_exactly_its_pinned_public_names(package: str):
    module = importlib.import_module(package)

    assert sorted(module.__all__) == sorted(PUBLIC[package])


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_every_public_attribute_is_listed_and_every_listed_name_resolves(package: str):
    module = importlib.import_module(package)
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    unlisted = public - set(module.__all__)
    assert not unlisted, f"public but not in __all__: {sorted(unlisted)}"
    for name in module.__all__:
        assert getattr(module, name) is not None
