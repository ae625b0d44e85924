"""Near-miss generation: the plausible wrong values next to an enum."""

from __future__ import annotations

from seedance.contract.family import family_candidates
from seedance.contract.model import cost_order
from seedance.contract.nearmiss import description_values, outside_values


def _values(misses):
    return {m.value for m in misses}


def test_numeric_string_enums_get_gaps_and_one_past_each_end():
    misses = _values(outside_values(["4", "5", "6", "9", "-1"]))
    assert {"7", "8"} <= misses  # the gap
    assert {"10", "-2", "3"} <= misses  # one past each end, one below the smallest positive


def test_case_and_whitespace_variants_are_generated():
    misses = _values(outside_values(["480p", "adaptive"]))
    assert {"480P", "ADAPTIVE", "Adaptive", " 480p", "480p "} <= misses


def test_values_mentioned_by_the_description_are_tagged_as_such():
    misses = outside_values(["4", "5", "15"], 'Supports "-1" or "4" to "15".')
    from_description = {m.value for m in misses if m.from_description}
    assert from_description == {"-1", *(str(n) for n in range(6, 15))}


def test_description_ranges_and_quoted_tokens_are_parsed():
    found = description_values('Use `text` or "url"; "2" to "4".')
    assert sorted(found) == sorted(["text", "url", "2", "3", "4"])
    assert description_values("no values here") == []


def test_no_candidate_is_ever_inside_the_enum():
    enum = ["480p", "720p", "1080p", "16:9", "first_frame", "4"]
    assert not _values(outside_values(enum)) & set(enum)


def test_family_values_are_only_tried_on_enums_of_the_same_shape():
    resolutions = family_candidates(["480p", "720p"])
    assert "1080p" in resolutions
    assert "4k" in resolutions
    assert "last_frame" not in resolutions
    roles = family_candidates(["text", "first_frame"])
    assert {"last_frame", "reference_image"} <= set(roles)
    assert "1080p" not in roles


def test_cheapest_first_prefers_small_non_negative_numbers_and_low_resolutions():
    assert cost_order(["10", "-1", "4", "5"]) == ["4", "5", "10", "-1"]
    assert cost_order(["4k", "720p", "480p"]) == ["480p", "720p", "4k"]
    assert cost_order(["16:9", "adaptive"], "adaptive") == ["adaptive", "16:9"]


def test_ratio_enums_get_every_small_integer_ratio_between_their_extremes_in_lowest_terms():
    enum = ["16:9", "4:3", "1:1", "3:4", "9:16", "adaptive"]
    ratios = {m.value for m in outside_values(enum) if m.origin == "ratio"}
    assert {"7:5", "8:5", "5:3", "9:10", "4:7"} <= ratios  # ordinary, undocumented
    assert not ratios & set(enum)
    assert "6:4" not in ratios  # not in lowest terms (3:2 is)
    assert not {"1:2", "2:1"} & ratios  # outside 9:16 .. 16:9
    assert all(max(map(int, r.split(":"))) <= 10 for r in ratios)


def test_an_enum_with_one_ratio_gets_no_generated_ratios():
    assert not [m for m in outside_values(["16:9", "adaptive"]) if m.origin == "ratio"]


def test_a_models_near_misses_are_derived_from_its_id_and_never_a_vendored_one():
    from seedance._models import catalogue
    from seedance.contract.family import model_near_misses

    vendored = list(catalogue().models)
    for model in vendored:
        misses = model_near_misses([model], vendored)
        assert misses, model
        assert not set(misses) & set(vendored)
        assert all(m.startswith(model.rpartition("-")[0]) for m in misses), misses
        assert model_near_misses([model], [*vendored, misses[0]]).count(misses[0]) == 0
