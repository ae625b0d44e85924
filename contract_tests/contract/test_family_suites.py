"""The contract suite covers every vendored model and mode: one suite per page, near misses
that stay inside their page, one budget for every page's creates, and ``--model``/``MODELS=``
to check some models only. Every model, mode and value is read from the catalogue."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from seedance._judge import CreateJudge, UnknownModel
from seedance._models import MEDIA_FIELD, MODEL_FIELD, PROMPT_TYPE, catalogue
from seedance.contract import ContractError
from seedance.contract.config import load_config
from seedance.contract.constraints import ACCEPT, REJECT, apply_edits
from seedance.contract.run import prepare, print_plan, run
from seedance.contract.session import find_roles
from seedance.contract.suites import (
    MODE_SEPARATOR,
    Suite,
    build_suites,
    plan_suites,
    select_models,
    select_pages,
)
from seedance.mock import embedded_target
from seedance.spec import load_bundle, operations

CATALOGUE = catalogue()
SPEC = load_bundle()
CREATE = find_roles(operations(SPEC)).create.operation_id
SUITES = build_suites(SPEC, CREATE, CATALOGUE, tuple(CATALOGUE.models))
JUDGE = CreateJudge(CATALOGUE)
_IDS = [suite.mode.page for suite in SUITES]


def test_every_vendored_model_and_mode_has_its_own_suite_the_seed_first():
    assert [(s.model, s.name) for s in SUITES] == [
        (m.model, m.name) for m in CATALOGUE.pages.values()
    ]
    assert SUITES[0].seed
    ids = [c.id for s in SUITES for c in s.constraints.constraints]
    assert len(ids) == len(set(ids)), "constraint ids repeat across pages"


@pytest.mark.parametrize("suite", SUITES, ids=_IDS)
def test_each_suite_checks_every_kind_of_rule_its_page_states(suite: Suite):
    kinds = {str(c.kind) for c in suite.constraints.constraints}
    assert {"enum", "bound", "required", "type", "not-json"} <= kinds
    # the prose rule of the media items: each item without the field its type requires
    # (a per-type rule where the page takes several types; required where only the prompt)
    item_rules = [c for c in suite.constraints.negatives if c.kind in ("rule", "required")]
    assert any(c.field.startswith("media[") for c in item_rules), suite.label
    assert suite.constraints.positives
    assert all(
        c.id.startswith(f"{suite.mode.page}:") != suite.seed for c in suite.constraints.constraints
    )
    if suite.mode.min_items is not None:
        assert "min-items" in kinds
    if any(f.max_length is not None for f in suite.mode.fields.values()):
        assert "max-length" in kinds
    if suite.mode.linkage:
        linked = [c for c in suite.constraints.constraints if "x-linkage" in c.id]
        assert {c.expect for c in linked} == {ACCEPT, REJECT}


@pytest.mark.parametrize("suite", SUITES, ids=_IDS)
def test_near_misses_stay_inside_their_page(suite: Suite):
    """A case to refuse is judged by its own page or refused by the page that judges it; a
    case to accept is its own page's request."""
    for case in suite.constraints.constraints:
        if case.raw_body is not None:
            continue
        body = apply_edits(suite.constraints.base, case.edits)
        judged = JUDGE.judge(body)
        if case.expect == ACCEPT:
            assert not isinstance(judged, UnknownModel)
            assert judged.mode is not None, case.id
            assert judged.mode.page == suite.mode.page, case.id
            assert not judged.problems, (case.id, judged.problems)
        elif not isinstance(judged, UnknownModel) and judged.mode is not None:
            assert judged.mode.page == suite.mode.page or judged.problems, case.id


def test_the_seed_body_without_its_image_is_no_near_miss_when_the_model_has_text_to_video():
    seed = SUITES[0]
    prompt_only = CATALOGUE.mode_name_for([PROMPT_TYPE])
    assert prompt_only in CATALOGUE.models[seed.model].modes
    for case in seed.constraints.negatives:
        if case.raw_body is None:
            body = apply_edits(seed.constraints.base, case.edits)
            media = body.get(MEDIA_FIELD)
            prompts_only = (
                isinstance(media, list)
                and bool(media)
                and all(isinstance(i, dict) and i.get("type") == PROMPT_TYPE for i in media)
            )
            assert not prompts_only or JUDGE.judge(body).problems, case.id  # type: ignore[union-attr]


def test_a_model_near_miss_is_never_a_vendored_model_and_may_be_refused_as_unknown():
    for suite in SUITES:
        misses = [
            c for c in suite.constraints.negatives if c.field == MODEL_FIELD and c.kind == "enum"
        ]
        assert misses, suite.label
        assert not {c.value for c in misses} & set(CATALOGUE.models)
        assert all(CATALOGUE.unknown_model_status in c.refused_with for c in misses)


def test_each_model_sends_every_mode_it_lacks_once_expecting_a_refusal():
    every_mode = {mode.name for mode in CATALOGUE.pages.values()}
    for model in CATALOGUE.models.values():
        lacked = every_mode - set(model.modes)
        cases = [
            c
            for s in SUITES
            if s.model == model.id
            for c in s.constraints.negatives
            if ":mode=" in c.id
        ]
        assert {c.value for c in cases} == lacked, model.id


def _covered(suites: list[Suite]) -> set[str]:
    return {cid for s in suites for r in s.plan.requests for cid in r.covers}


def test_an_unlimited_budget_covers_every_value_of_every_model_one_request_each():
    planned = plan_suites(SUITES, math.inf)
    positives = {c.id for s in SUITES for c in s.constraints.positives}
    assert _covered(planned) == positives
    assert all(str(s.plan.mode) == "individual" for s in planned)


def test_the_fewest_creates_cover_every_models_enum_values_within_one_budget():
    individual = sum(len(s.plan.requests) for s in plan_suites(SUITES, math.inf))
    packed = plan_suites(SUITES, individual - 1)
    spent = sum(len(s.plan.requests) for s in packed)
    enum_values = {c.id for s in SUITES for c in s.constraints.positives if c.kind == "enum"}
    assert spent < individual
    assert enum_values <= _covered(packed)
    for suite in packed:  # packed values never break a rule between fields (x-linkage)
        for request in suite.plan.requests:
            body = apply_edits(suite.constraints.base, request.edits)
            assert suite.mode.problems(body) == [], (suite.label, request)


def test_a_small_budget_creates_on_every_page_before_a_second_create_on_any():
    planned = plan_suites(SUITES, len(SUITES) + 1)
    counts = [len(s.plan.requests) for s in planned]
    assert sum(counts) == len(SUITES) + 1
    assert min(counts) == 1
    assert all(s.plan.uncovered for s in planned[1:])


def test_models_come_from_the_flag_or_models_or_seedance_models():
    models = list(CATALOGUE.models)
    env = {"MAX_BILLABLE": "0"}
    assert load_config(["--model", f"{models[1]},{models[2]}"], env).models == tuple(models[1:3])
    assert load_config([], {**env, "MODELS": models[1]}).models == (models[1],)
    assert load_config([], {**env, "SEEDANCE_MODELS": models[2]}).models == (models[2],)
    assert load_config([], env).models == ()
    assert select_models(CATALOGUE, ()) == tuple(models)


def test_an_unknown_model_is_a_configuration_error_naming_the_vendored_ones():
    unknown = "-".join(CATALOGUE.models) + "-not-vendored"
    with pytest.raises(ContractError) as raised:
        select_models(CATALOGUE, (unknown,))
    assert unknown in str(raised.value)
    assert all(model in str(raised.value) for model in CATALOGUE.models)


def test_plan_prints_each_model_and_modes_planned_creates(tmp_path: Path):
    config = load_config([], {"MAX_BILLABLE": "30", "PLAN": "1", "REPORT_DIR": str(tmp_path)})
    buffer = io.StringIO()
    print_plan(Console(file=buffer, width=200), config, prepare(config))
    output = buffer.getvalue()
    assert "PLAN: 30 billable" in output
    for suite in SUITES:
        assert f"{suite.label}: " in output


def test_a_run_for_some_models_reports_rows_and_counts_by_model_and_mode(tmp_path: Path):
    model = next(
        m.id for m in CATALOGUE.models.values() if any(p.linkage for p in m.modes.values())
    )
    env = {"MODELS": model, "SCHEMATHESIS": "0", "REPORT_DIR": str(tmp_path)}
    config = load_config([], env)

    assert run(config, Console(file=io.StringIO()), embedded=embedded_target) == 0

    summary: dict[str, Any] = json.loads((tmp_path / "summary.json").read_text())
    pages = {(p["model"], p["mode"]) for p in summary["pages"]}
    assert {(model, name) for name in CATALOGUE.models[model].modes} <= pages
    assert {r["model"] for r in summary["results"]} <= {model, ""}
    assert any("x-linkage" in r["id"] and r["verdict"] == "pass" for r in summary["results"])
    markdown = (tmp_path / "summary.md").read_text()
    assert "## By model and mode" in markdown
    junit = (tmp_path / "junit.xml").read_text()
    assert f'classname="contract.request.{model}.' in junit
    for name in CATALOGUE.models[model].modes:
        assert f"### {model} {name}" in markdown


def test_a_model_entry_naming_a_mode_checks_that_page_alone():
    mode = CATALOGUE.pages[CATALOGUE.seed_page]
    entry = f"{mode.model}{MODE_SEPARATOR}{mode.name}"

    assert select_models(CATALOGUE, (entry,)) == (mode.model,)
    assert select_pages(CATALOGUE, (entry,)) == {mode.page}
    assert select_pages(CATALOGUE, (mode.model,)) == {
        m.page for m in CATALOGUE.models[mode.model].modes.values()
    }
    suites = build_suites(SPEC, CREATE, CATALOGUE, (mode.model,), select_pages(CATALOGUE, (entry,)))
    assert [suite.mode.page for suite in suites] == [mode.page]


def test_a_mode_the_model_lacks_in_a_model_entry_is_refused_naming_its_modes():
    model = CATALOGUE.models[CATALOGUE.default_model]
    with pytest.raises(ContractError, match="its modes are") as caught:
        select_pages(CATALOGUE, (f"{model.id}{MODE_SEPARATOR}no-such-mode",))
    assert all(name in str(caught.value) for name in model.modes)
