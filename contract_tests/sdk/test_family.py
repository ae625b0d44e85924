"""The SDK speaks every vendored model: each page's own example is accepted for its model and
mode and sent as the page shows it; near misses, per model and mode, are refused before
anything is sent, naming the model; ``x-linkage`` rules hold; ``client.models`` says what the
pages say. Models, modes, values and bounds are read from the vendored page files (through
the lock), never listed here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seedance import RequestValidationError, Seedance
from seedance._create import MEDIA_KEYWORDS
from seedance._models import PROMPT_TYPE, Mode, catalogue
from seedance.spec.family import mode_of
from seedance.spec.pages import vendored_pages

from .conftest import BASE_URL, CREATE, KEY, image_bytes, json_answer, task_json

CATALOGUE = catalogue()
MODES = list(CATALOGUE.pages.values())
IDS = [m.page for m in MODES]
URL = "https://media.invalid/item"
_SINGLE = {k for k in MEDIA_KEYWORDS if not k.endswith("s")}


@pytest.fixture(scope="module")
def offline() -> Iterator[Seedance]:
    """A client for ``validate`` alone: it never sends (no route exists for it)."""
    with Seedance(api_key=KEY, base_url=BASE_URL) as made:
        yield made


def _keyword(media_type: str) -> str:
    (keyword,) = [k for k in MEDIA_KEYWORDS if k in (media_type, media_type + "s")]
    return keyword


def _arguments(body: dict[str, Any]) -> dict[str, Any]:
    """The SDK keyword arguments that make ``body`` (a page's example)."""
    arguments: dict[str, Any] = {k: v for k, v in body.items() if k != "media"}
    for item in body["media"]:
        if item["type"] == PROMPT_TYPE:
            arguments["prompt"] = item["text"]
            continue
        keyword = _keyword(item["type"])
        if keyword in _SINGLE:
            arguments[keyword] = item["url"]
        else:
            arguments.setdefault(keyword, []).append(item["url"])
    return arguments


def _minimal(mode: Mode) -> dict[str, Any]:
    """A request for ``mode`` with the fewest media that choose it: every frame its page
    takes, else one reference of its first type."""
    arguments: dict[str, Any] = {"model": mode.model, "prompt": "a fox in the snow"}
    roles = sorted(mode.roles, key=list(mode.media_types).index)
    frames = [_keyword(t) for t in roles if _keyword(t) in _SINGLE]
    for keyword in frames:
        arguments[keyword] = URL
    if not frames and roles:
        arguments[_keyword(roles[0])] = [URL]
    return arguments


def _sorted_media(body: dict[str, Any]) -> list[Any]:
    return sorted(body["media"], key=lambda item: json.dumps(item, sort_keys=True))


def _refused(client: Any, **arguments: Any) -> list[Any]:
    with pytest.raises(RequestValidationError) as caught:
        client.videos.validate(**arguments)
    return caught.value.problems


@pytest.mark.parametrize("mode", [m for m in MODES if m.example is not None], ids=lambda m: m.page)
def test_every_pages_own_example_is_sent_as_the_page_shows_it(client, gateway, mode):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    task = client.videos.create(**_arguments(mode.example))

    assert task.status == "queued"
    sent = json.loads(route.calls.last.request.content)
    assert {k: v for k, v in sent.items() if k != "media"} == {
        k: v for k, v in mode.example.items() if k != "media"
    }
    assert _sorted_media(sent) == _sorted_media(mode.example)
    assert client.videos.validate(**_arguments(mode.example)).mode is mode


@pytest.mark.parametrize("mode", MODES, ids=IDS)
def test_every_model_and_mode_takes_a_request_with_the_media_that_choose_it(client, gateway, mode):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    request = client.videos.validate(**_minimal(mode))
    client.videos.submit(request)

    assert request.mode is mode
    assert json.loads(route.calls.last.request.content) == request.body
    assert request.body["model"] == mode.model


def test_a_request_without_a_model_is_for_the_seed_pages_model(offline):
    seed = CATALOGUE.pages[CATALOGUE.seed_page]
    arguments = _minimal(seed)
    del arguments["model"]

    assert offline.videos.validate(**arguments).mode is seed


def _other_values(mode: Mode, field: str) -> list[Any]:
    """Values another vendored page accepts for ``field`` that ``mode``'s page does not."""
    own = mode.fields[field].enum or ()
    return sorted(
        {
            value
            for other in MODES
            if field in other.fields
            for value in other.fields[field].enum or ()
            if value not in own
        },
        key=str,
    )


_ENUM_NEAR_MISSES = [
    pytest.param(mode, field, value, id=f"{mode.page}-{field}={value}")
    for mode in MODES
    for field, spec in mode.fields.items()
    if spec.enum is not None
    for value in _other_values(mode, field)[:1]
]


def test_there_are_enum_near_misses_to_try():
    assert _ENUM_NEAR_MISSES  # the family's pages differ in sizes and seconds


@pytest.mark.parametrize(("mode", "field", "value"), _ENUM_NEAR_MISSES)
def test_a_value_another_model_accepts_is_refused_naming_the_model(
    client, gateway, mode, field, value
):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))

    problems = _refused(client, **_minimal(mode), **{field: value})

    assert [(p.field, p.rule) for p in problems] == [(field, "enum")]
    assert mode.model in problems[0].message
    assert repr(list(mode.fields[field].enum or ())) in problems[0].message
    assert route.call_count == 0


_BOUND_NEAR_MISSES = [
    pytest.param(mode, field, edge, id=f"{mode.page}-{field}-{edge}")
    for mode in MODES
    for field, spec in mode.fields.items()
    for edge in ("minimum", "maximum")
    if getattr(spec, edge) is not None
]


@pytest.mark.parametrize(("mode", "field", "edge"), _BOUND_NEAR_MISSES)
def test_one_past_a_bound_is_refused_and_the_bound_itself_is_taken(offline, mode, field, edge):
    bound = getattr(mode.fields[field], edge)
    past = bound + 1 if edge == "maximum" else bound - 1

    problems = _refused(offline, **_minimal(mode), **{field: past})
    taken = offline.videos.validate(**_minimal(mode), **{field: bound})

    assert [(p.field, p.rule) for p in problems] == [(field, edge)]
    assert mode.model in problems[0].message
    assert taken.body[field] == bound


_FOREIGN_FIELDS = [
    pytest.param(model.id, field, id=f"{model.id}-{field}")
    for model in CATALOGUE.models.values()
    for field in sorted({f for m in MODES for f in m.fields} - model.fields)
]


def test_some_model_lacks_a_field_another_has():
    assert _FOREIGN_FIELDS


@pytest.mark.parametrize(("model_id", "field"), _FOREIGN_FIELDS)
def test_a_field_no_page_of_the_model_defines_is_refused_naming_the_model(offline, model_id, field):
    mode = next(iter(CATALOGUE.models[model_id].modes.values()))
    donor = next(m for m in MODES if field in m.fields)
    spec = donor.fields[field]
    value = spec.enum[0] if spec.enum else spec.default if spec.default is not None else True

    problems = _refused(offline, **_minimal(mode), **{field: value})

    assert [(p.field, p.rule) for p in problems] == [(field, "unknown-field")]
    assert model_id in problems[0].message


def test_a_keyword_no_page_defines_is_refused_with_every_other_problem_at_once(offline):
    mode = CATALOGUE.pages[CATALOGUE.seed_page]
    size = mode.fields["size"]
    bad_size = f"{size.enum[0]}-not" if size.enum else "x"

    problems = _refused(offline, **_minimal(mode), colour="red", size=bad_size)

    assert {(p.field, p.rule) for p in problems} == {
        ("colour", "unknown-field"),
        ("size", "enum"),
    }


def _missing_modes() -> list[Any]:
    every = {m.name for m in MODES}
    return [
        pytest.param(model.id, name, id=f"{model.id}-{name}")
        for model in CATALOGUE.models.values()
        for name in sorted(every - set(model.modes))
    ]


def test_some_model_lacks_a_mode_another_has():
    assert _missing_modes()


@pytest.mark.parametrize(("model_id", "mode_name"), _missing_modes())
def test_a_mode_the_model_lacks_is_refused_naming_the_model_and_its_modes(
    client, gateway, model_id, mode_name
):
    route = gateway.post(CREATE).mock(return_value=json_answer(200, task_json()))
    donor = next(m for m in MODES if m.name == mode_name)
    arguments = {**_minimal(donor), "model": model_id}

    problems = _refused(client, **arguments)

    assert [(p.field, p.rule) for p in problems] == [("media", "mode")]
    assert model_id in problems[0].message
    for name in CATALOGUE.models[model_id].modes:
        assert name in problems[0].message
    assert route.call_count == 0


def test_an_unknown_model_is_refused_listing_the_vendored_ones(offline):
    problems = _refused(offline, prompt="x", model="seedance-0-0-none")

    assert [(p.field, p.rule) for p in problems] == [("model", "enum")]
    for model_id in CATALOGUE.models:
        assert model_id in problems[0].message


def test_a_last_frame_without_a_first_frame_is_refused(offline):
    flf = next(m for m in MODES if {_keyword(t) for t in m.roles} == {"first_frame", "last_frame"})
    arguments = _minimal(flf)
    del arguments["first_frame"]

    problems = _refused(offline, **arguments)

    assert ("first_frame", "required") in [(p.field, p.rule) for p in problems]


_LINKED = [
    pytest.param(mode, rule, id=f"{mode.page}-{rule.field}-{rule.when_field}")
    for mode in MODES
    for rule in mode.linkage
]


def test_some_page_states_a_linkage_rule():
    assert _LINKED


def _matching(rule: Any) -> Any:
    return rule.value[0] if isinstance(rule.value, list) else rule.value


@pytest.mark.parametrize(("mode", "rule"), _LINKED)
def test_a_linkage_rule_refuses_a_value_outside_its_options_only_when_its_condition_holds(
    offline, mode, rule
):
    if rule.operator.value == "ne":
        pytest.fail("write the matching value for 'ne' rules before a page uses one")
    outside = [v for v in mode.fields[rule.field].enum or () if v not in rule.options]
    assert outside, "the rule narrows the field's enum"
    condition = {rule.when_field: _matching(rule)}

    problems = _refused(offline, **_minimal(mode), **condition, **{rule.field: outside[0]})
    allowed = offline.videos.validate(
        **_minimal(mode), **condition, **{rule.field: rule.options[0]}
    )
    unconditioned = offline.videos.validate(**_minimal(mode), **{rule.field: outside[0]})

    assert [(p.field, p.rule) for p in problems] == [(rule.field, "x-linkage")]
    assert mode.model in problems[0].message
    assert rule.when_field in problems[0].message
    assert allowed.body[rule.field] == rule.options[0]
    assert unconditioned.body[rule.field] == outside[0]


def _image_roles() -> list[Any]:
    found = []
    for keyword in ("first_frame", "last_frame", "reference_images"):
        media_type = keyword.removesuffix("s")
        mode = next((m for m in MODES if media_type in m.roles), None)
        assert mode is not None, f"no vendored page takes {media_type}"
        found.append(pytest.param(mode, keyword, id=keyword))
    return found


@pytest.mark.parametrize(("mode", "keyword"), _image_roles())
def test_every_image_role_takes_a_local_image_and_applies_the_image_rules(
    offline, tmp_path, mode, keyword
):
    good, narrow = tmp_path / "good.png", tmp_path / "narrow.png"
    good.write_bytes(image_bytes("PNG", (640, 480)))
    narrow.write_bytes(image_bytes("PNG", (1000, 301)))  # aspect 3.3: outside 0.4-2.5
    arguments = _minimal(mode)
    single = keyword in _SINGLE

    arguments[keyword] = good if single else [good]
    taken = offline.videos.validate(**arguments)
    arguments[keyword] = narrow if single else [narrow]
    problems = _refused(offline, **arguments)

    urls = [i["url"] for i in taken.body["media"] if i["type"] == keyword.removesuffix("s")]
    assert urls[0].startswith("data:image/png;base64,")
    where = keyword if single else f"{keyword}[0]"
    assert [(p.field, p.rule) for p in problems] == [(where, "image-aspect-ratio")]


def test_a_local_path_for_a_reference_video_is_refused(offline, tmp_path: Path):
    mode = next(m for m in MODES if "reference_video" in m.roles)

    problems = _refused(offline, **_minimal(mode), reference_videos=[str(tmp_path / "clip.mp4")])

    assert ("reference_videos[0]", "url") in [(p.field, p.rule) for p in problems]


def test_client_models_lists_every_pages_model_mode_and_accepted_values(offline):
    pages = vendored_pages()
    expected: dict[str, set[str]] = {}
    for page in pages:
        document = page.document()
        post = document["paths"]["/v1/videos"]["post"]
        name = post["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[
            1
        ]
        request = document["components"]["schemas"][name]
        (model,) = request["properties"]["model"]["enum"]
        expected.setdefault(model, set()).add(mode_of(name))
        mode = offline.models[model].modes[mode_of(name)]
        for field, schema in request["properties"].items():
            if "enum" in schema and field not in ("model", "media"):
                assert mode.fields[field].enum == tuple(schema["enum"])

    assert {m: set(model.modes) for m, model in offline.models.items()} == expected
    assert next(iter(offline.models)) == CATALOGUE.pages[pages[0].name].model


#: The Python type a JSON Schema type is given in ``create``'s typed keywords.
_PYTHON_TYPE = {"string": str, "integer": int, "boolean": bool, "number": float}


def test_create_types_each_page_field_it_names_as_the_pages_type_it():
    """``create(**fields)`` is typed (``CreateArgs``): a type checker takes each page field
    it names with the type the vendored pages give it (a field a later page adds is passed
    by name all the same, and checked against that page)."""
    from typing import get_args, get_type_hints

    from seedance._plan import CreateArgs

    hints = get_type_hints(CreateArgs)
    fields = {name: spec for mode in MODES for name, spec in mode.fields.items()}
    typed = set(hints) & set(fields)
    assert typed, "create types no page field"
    for name in typed:
        expected = _PYTHON_TYPE[str(fields[name].type)]
        assert expected in get_args(hints[name]), (name, fields[name].type, hints[name])
