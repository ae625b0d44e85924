"""The single faults the reference gateway can be switched into, and how a report names each.

Every fault makes the gateway deviate from its documented behaviour in exactly one way; its
target (field, bound, operation) is read from the spec through :mod:`spec_targets`.
``Variant`` lists the faithful alternatives the documentation allows (400 ``task_not_exist``,
content by redirect).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from seedance._models import catalogue
from seedance.contract.results import Group

from .seed import SEED_PAGE
from .spec_targets import CONTENT_OP, CREATE_OP, RETRIEVE_OP, family_targets, spec_targets

__all__ = [
    "Fault",
    "FaultInfo",
    "Variant",
    "caught_by",
    "checked_models",
    "fault_info",
]


class Fault(enum.Enum):
    """One deviation from the faithful gateway."""

    # request constraints
    ENUM_NOT_ENFORCED = "enum-not-enforced"
    ENUM_GAP_ACCEPTED = "enum-gap-accepted"
    ITEM_ENUM_NOT_ENFORCED = "item-enum-not-enforced"
    VALID_VALUE_REFUSED = "valid-value-refused"
    BOUND_PLUS_ONE_ACCEPTED = "bound-plus-one-accepted"
    BOUND_REFUSED = "bound-refused"
    MIN_ITEMS_NOT_ENFORCED = "min-items-not-enforced"
    MIN_ITEMS_REFUSED = "min-items-refused"
    REQUIRED_NOT_ENFORCED = "required-not-enforced"
    WRONG_TYPE_ACCEPTED = "wrong-type-accepted"
    NUMBER_FOR_STRING_ACCEPTED = "number-for-string-accepted"
    PROSE_FIRST_BRANCH_NOT_ENFORCED = "prose-first-branch-not-enforced"
    PROSE_SECOND_BRANCH_NOT_ENFORCED = "prose-second-branch-not-enforced"
    MAX_LENGTH_NOT_ENFORCED = "max-length-not-enforced"
    MAX_LENGTH_PLUS_ONE_ACCEPTED = "max-length-plus-one-accepted"
    ENUM_CASE_INSENSITIVE = "enum-case-insensitive"
    ENUM_WHITESPACE_TRIMMED = "enum-whitespace-trimmed"
    ENUM_PARSED_AS_NUMBER = "enum-parsed-as-number"
    ENUM_SAME_SHAPE_ACCEPTED = "enum-same-shape-accepted"
    SINGLE_ENUM_ALIAS_ACCEPTED = "single-enum-alias-accepted"
    BOUND_MIN_MINUS_ONE_ACCEPTED = "bound-min-minus-one-accepted"
    BOUND_MIN_REFUSED = "bound-min-refused"
    INTEGER_AS_STRING_ACCEPTED = "integer-as-string-accepted"
    BOOLEAN_AS_NUMBER_ACCEPTED = "boolean-as-number-accepted"
    SECOND_REQUIRED_NOT_ENFORCED = "second-required-not-enforced"
    NULL_TREATED_AS_ABSENT = "null-treated-as-absent"
    EMPTY_TEXT_REFUSED = "empty-text-refused"
    MAX_LENGTH_IN_BYTES = "max-length-in-bytes"
    INTEGER_AS_FLOAT_TRUNCATED = "integer-as-float-truncated"
    STRING_AS_NUMBER_ACCEPTED = "string-as-number-accepted"
    NON_JSON_ANSWERS_500 = "non-json-answers-500"
    # auth
    AUTH_IGNORED_CREATE = "auth-ignored-create"
    AUTH_IGNORED_RETRIEVE = "auth-ignored-retrieve"
    AUTH_IGNORED_CONTENT = "auth-ignored-content"
    AUTH_ANY_KEY_ACCEPTED = "auth-any-key-accepted"
    INVALID_KEY_403 = "invalid-key-403"
    # responses
    CREATE_ANSWERS_201 = "create-answers-201"
    VALIDATION_ANSWERS_422 = "validation-answers-422"
    RETRIEVE_TEXT_PLAIN = "retrieve-text-plain"
    PROGRESS_OUT_OF_RANGE = "progress-out-of-range"
    CREATE_BODY_MISSING_FIELD = "create-body-missing-field"
    ERROR_BODY_OFF_SCHEMA = "error-body-off-schema"
    UNAUTHORIZED_TEXT_PLAIN = "unauthorized-text-plain"
    CONTENT_TEXT_PLAIN = "content-text-plain"
    TASK_ID_OFF_PATTERN = "task-id-off-pattern"
    STATUS_OUTSIDE_ENUM = "status-outside-enum"
    NOT_FOUND_BODY_OFF_SCHEMA = "not-found-body-off-schema"
    CREATE_ANSWERS_202 = "create-answers-202"
    CREATE_BODY_NOT_JSON = "create-body-not-json"
    CREATE_BODY_WITHOUT_ID = "create-body-without-id"
    RETRIEVE_BODY_ARRAY = "retrieve-body-array"
    # not found
    UNKNOWN_ID_200 = "unknown-id-200"
    UNKNOWN_ID_500 = "unknown-id-500"
    UNKNOWN_ID_400_OTHER_CODE = "unknown-id-400-other-code"
    CONTENT_UNKNOWN_ID_500 = "content-unknown-id-500"
    CONTENT_UNKNOWN_ID_NOT_READY = "content-unknown-id-not-ready"
    # lifecycle
    NEVER_COMPLETES = "never-completes"
    CONTENT_BEFORE_COMPLETION_200 = "content-before-completion-200"
    RETRIEVE_OTHER_ID = "retrieve-other-id"
    CONTENT_AFTER_COMPLETION_404 = "content-after-completion-404"
    CONTENT_AFTER_COMPLETION_EMPTY = "content-after-completion-empty"
    CONTENT_HTML_AS_VIDEO = "content-html-as-video"
    CONTENT_TRUNCATED_MP4 = "content-truncated-mp4"
    CONTENT_EARLY_404 = "content-early-404"
    REDIRECT_TO_MISSING = "redirect-to-missing"
    REDIRECT_LOOP = "redirect-loop"
    CREATE_NOT_QUEUED = "create-not-queued"
    CONTENT_NEVER_READY = "content-never-ready"
    RESULT_URL_NEVER_SET = "result-url-never-set"
    # one model's rules wrong (the other vendored pages: see spec_targets.family_targets)
    FAMILY_VALUE_OF_OTHER_MODEL = "family-value-of-other-model-accepted"
    FAMILY_LINKAGE_IGNORED = "family-linkage-ignored"
    FAMILY_MISSING_MODE_ACCEPTED = "family-missing-mode-accepted"


class Variant(enum.Enum):
    """Faithful gateways: each answers as the gateway's documentation allows and must pass."""

    FAITHFUL = "faithful"
    NOT_EXIST_400 = "unknown-id-400-task-not-exist"
    CONTENT_REDIRECT = "content-302-redirect"
    RATE_LIMITED = "every-7th-request-bare-429"
    #: the other allowed forms at once: tasks carry unknown extra fields, content is a 307
    #: to bytes served as application/octet-stream
    OTHER_ALLOWED_FORMS = "extra-fields-307-octet-stream"


#: The faults the auth checks catch (a secured operation answering a missing or wrong key).
_AUTH = frozenset(
    {
        Fault.AUTH_IGNORED_CREATE,
        Fault.AUTH_IGNORED_RETRIEVE,
        Fault.AUTH_IGNORED_CONTENT,
        Fault.AUTH_ANY_KEY_ACCEPTED,
        Fault.INVALID_KEY_403,
        Fault.UNAUTHORIZED_TEXT_PLAIN,
    }
)
#: The faults the not-found checks catch (a never-created id asked for).
_NOT_FOUND = frozenset(
    {
        Fault.NOT_FOUND_BODY_OFF_SCHEMA,
        Fault.UNKNOWN_ID_200,
        Fault.UNKNOWN_ID_500,
        Fault.UNKNOWN_ID_400_OTHER_CODE,
        Fault.CONTENT_UNKNOWN_ID_500,
        Fault.CONTENT_UNKNOWN_ID_NOT_READY,
    }
)
#: The faults the lifecycle checks catch (one task followed from create to its content).
_LIFECYCLE = frozenset(
    {
        Fault.RETRIEVE_TEXT_PLAIN,
        Fault.PROGRESS_OUT_OF_RANGE,
        Fault.CONTENT_TEXT_PLAIN,
        Fault.STATUS_OUTSIDE_ENUM,
        Fault.RETRIEVE_BODY_ARRAY,
        Fault.NEVER_COMPLETES,
        Fault.CONTENT_BEFORE_COMPLETION_200,
        Fault.RETRIEVE_OTHER_ID,
        Fault.CONTENT_AFTER_COMPLETION_404,
        Fault.CONTENT_AFTER_COMPLETION_EMPTY,
        Fault.CONTENT_HTML_AS_VIDEO,
        Fault.CONTENT_TRUNCATED_MP4,
        Fault.CONTENT_EARLY_404,
        Fault.REDIRECT_TO_MISSING,
        Fault.REDIRECT_LOOP,
        Fault.CREATE_NOT_QUEUED,
        Fault.CONTENT_NEVER_READY,
        Fault.RESULT_URL_NEVER_SET,
    }
)


def caught_by(fault: Fault) -> Group:
    """The group of checks that catches ``fault`` (its violation rows' group); every fault
    not listed with another group is in how requests are judged."""
    for group, faults in ((Group.AUTH, _AUTH), (Group.NOT_FOUND, _NOT_FOUND)):
        if fault in faults:
            return group
    return Group.LIFECYCLE if fault in _LIFECYCLE else Group.REQUEST


def checked_models(fault: Fault | None) -> str:
    """What a run about ``fault`` checks (``MODELS=``): the model a family fault gets wrong,
    every page of it; the seed page for every other fault."""
    f = family_targets()
    family = {
        Fault.FAMILY_VALUE_OF_OTHER_MODEL: catalogue().pages[f.value_page].model,
        Fault.FAMILY_LINKAGE_IGNORED: f.linkage_model,
        Fault.FAMILY_MISSING_MODE_ACCEPTED: f.missing_mode_model,
    }
    return family.get(fault, SEED_PAGE) if fault is not None else SEED_PAGE


@dataclass(frozen=True)
class FaultInfo:
    """What a fault does, and what a report that caught it names.

    ``evidence``: each token (a field or an operation id) is named by some violation row, and
    every violation row names one of them (the harness blames the fault, nothing else).
    """

    description: str
    evidence: tuple[str, ...]


def fault_info(fault: Fault) -> FaultInfo:
    """Describe ``fault`` with its spec-derived target."""
    t = spec_targets()
    f = family_targets()
    refused = t.refused_value
    branch0, branch1 = t.item_branches[0], t.item_branches[1]
    table: dict[Fault, FaultInfo] = {
        Fault.ENUM_NOT_ENFORCED: FaultInfo(
            f"{t.multi_enum_field}: any string accepted (enum not enforced)", (t.multi_enum_field,)
        ),
        Fault.ENUM_GAP_ACCEPTED: FaultInfo(
            f"{t.numeric_enum_field}: the gaps {list(t.numeric_enum_gaps)} accepted",
            (t.numeric_enum_field,),
        ),
        Fault.ITEM_ENUM_NOT_ENFORCED: FaultInfo(
            f"{t.min_items_field}[].{t.item_discriminator}: any value accepted with "
            f"{branch1.required_extra}",
            (t.item_discriminator,),
        ),
        Fault.VALID_VALUE_REFUSED: FaultInfo(
            f"{t.last_multi_enum_field}: the valid value {refused!r} refused with 400",
            (t.last_multi_enum_field,),
        ),
        Fault.BOUND_PLUS_ONE_ACCEPTED: FaultInfo(
            f"{t.bounded_int_field}: maximum + 1 ({t.bounded_int_max + 1}) accepted",
            (t.bounded_int_field,),
        ),
        Fault.BOUND_REFUSED: FaultInfo(
            f"{t.bounded_int_field}: exactly the maximum ({t.bounded_int_max}) refused",
            (t.bounded_int_field,),
        ),
        Fault.MIN_ITEMS_NOT_ENFORCED: FaultInfo(
            f"{t.min_items_field}: {t.min_items - 1} items (minItems - 1) accepted",
            (t.min_items_field,),
        ),
        Fault.MIN_ITEMS_REFUSED: FaultInfo(
            f"{t.min_items_field}: exactly minItems ({t.min_items}) items refused",
            (t.min_items_field,),
        ),
        Fault.REQUIRED_NOT_ENFORCED: FaultInfo(
            f"{t.first_required_field}: missing required field accepted",
            (t.first_required_field,),
        ),
        Fault.WRONG_TYPE_ACCEPTED: FaultInfo(
            f"{t.boolean_field}: any JSON type accepted", (t.boolean_field,)
        ),
        Fault.NUMBER_FOR_STRING_ACCEPTED: FaultInfo(
            f"{t.numeric_enum_field}: a JSON number whose text is an enum value accepted",
            (t.numeric_enum_field,),
        ),
        Fault.PROSE_FIRST_BRANCH_NOT_ENFORCED: FaultInfo(
            f"{t.item_discriminator}={branch0.type_value!r} item without "
            f"{list(branch0.required_extra)} accepted",
            (t.min_items_field,),
        ),
        Fault.PROSE_SECOND_BRANCH_NOT_ENFORCED: FaultInfo(
            f"{t.item_discriminator}={branch1.type_value!r} item without "
            f"{list(branch1.required_extra)} accepted",
            (t.min_items_field,),
        ),
        Fault.MAX_LENGTH_NOT_ENFORCED: FaultInfo(
            f"{t.max_length_field}: maxLength not enforced", (t.max_length_field,)
        ),
        Fault.MAX_LENGTH_PLUS_ONE_ACCEPTED: FaultInfo(
            f"{t.max_length_field}: maxLength + 1 ({t.max_length + 1}) characters accepted",
            (t.max_length_field,),
        ),
        Fault.FAMILY_VALUE_OF_OTHER_MODEL: FaultInfo(
            f"{f.value_page}: {f.value_field}={f.value!r} accepted (another model's value)",
            (f.value_field,),
        ),
        Fault.FAMILY_LINKAGE_IGNORED: FaultInfo(
            f"{f.linkage_model}: x-linkage not enforced ({f.linkage_field})", (f.linkage_field,)
        ),
        Fault.FAMILY_MISSING_MODE_ACCEPTED: FaultInfo(
            f"{f.missing_mode_model}: a mode it lacks accepted", ("media",)
        ),
        Fault.AUTH_IGNORED_CREATE: FaultInfo(f"{CREATE_OP}: no key check", (CREATE_OP,)),
        Fault.AUTH_IGNORED_RETRIEVE: FaultInfo(f"{RETRIEVE_OP}: no key check", (RETRIEVE_OP,)),
        Fault.AUTH_IGNORED_CONTENT: FaultInfo(f"{CONTENT_OP}: no key check", (CONTENT_OP,)),
        Fault.AUTH_ANY_KEY_ACCEPTED: FaultInfo(
            "every operation accepts any bearer key (a missing key is still refused)",
            (CREATE_OP, RETRIEVE_OP, CONTENT_OP),
        ),
        Fault.INVALID_KEY_403: FaultInfo(
            "an invalid key answers 403 (documented: 401 for a missing or invalid key)",
            (CREATE_OP, RETRIEVE_OP, CONTENT_OP),
        ),
        Fault.CREATE_ANSWERS_201: FaultInfo(
            f"{CREATE_OP}: 201 (undocumented) instead of 200", (CREATE_OP,)
        ),
        Fault.VALIDATION_ANSWERS_422: FaultInfo(
            f"{CREATE_OP}: invalid bodies answered 422 (undocumented)", (CREATE_OP,)
        ),
        Fault.RETRIEVE_TEXT_PLAIN: FaultInfo(
            f"{RETRIEVE_OP}: 200 answered as text/plain", (RETRIEVE_OP,)
        ),
        Fault.PROGRESS_OUT_OF_RANGE: FaultInfo(
            f"{RETRIEVE_OP}: progress {t.task_progress_max + 50} (above the maximum)",
            (RETRIEVE_OP,),
        ),
        Fault.CREATE_BODY_MISSING_FIELD: FaultInfo(
            f"{CREATE_OP}: 200 body lacks the required {t.task_const_field!r}", (CREATE_OP,)
        ),
        Fault.ERROR_BODY_OFF_SCHEMA: FaultInfo(
            f"{CREATE_OP}: 400 bodies in neither error shape", (CREATE_OP,)
        ),
        Fault.UNKNOWN_ID_200: FaultInfo(
            f"{RETRIEVE_OP}: an unknown id answers 200", (RETRIEVE_OP,)
        ),
        Fault.UNKNOWN_ID_500: FaultInfo(
            f"{RETRIEVE_OP}: an unknown id answers 500", (RETRIEVE_OP,)
        ),
        Fault.NEVER_COMPLETES: FaultInfo("tasks never leave in_progress", (RETRIEVE_OP,)),
        Fault.CONTENT_BEFORE_COMPLETION_200: FaultInfo(
            f"{CONTENT_OP}: 200 before the task completed", (CONTENT_OP,)
        ),
        Fault.RETRIEVE_OTHER_ID: FaultInfo(
            f"{RETRIEVE_OP}: answers with another task's id", (RETRIEVE_OP,)
        ),
        Fault.CONTENT_AFTER_COMPLETION_404: FaultInfo(
            f"{CONTENT_OP}: 404 after the task completed", (CONTENT_OP,)
        ),
        Fault.CONTENT_AFTER_COMPLETION_EMPTY: FaultInfo(
            f"{CONTENT_OP}: 200 with an empty body after completion", (CONTENT_OP,)
        ),
        Fault.CONTENT_HTML_AS_VIDEO: FaultInfo(
            f"{CONTENT_OP}: an HTML page labelled with the video media type", (CONTENT_OP,)
        ),
        Fault.CONTENT_TRUNCATED_MP4: FaultInfo(
            f"{CONTENT_OP}: an MP4 whose first box declares more bytes than arrive", (CONTENT_OP,)
        ),
        Fault.ENUM_CASE_INSENSITIVE: FaultInfo(
            f"{t.word_enum_field}: values accepted in any letter case", (t.word_enum_field,)
        ),
        Fault.ENUM_WHITESPACE_TRIMMED: FaultInfo(
            f"{t.numeric_enum_field}: surrounding whitespace trimmed before the enum check",
            (t.numeric_enum_field,),
        ),
        Fault.ENUM_PARSED_AS_NUMBER: FaultInfo(
            f"{t.numeric_enum_field}: any string whose integer value is in the enum (e.g. '05')",
            (t.numeric_enum_field,),
        ),
        Fault.ENUM_SAME_SHAPE_ACCEPTED: FaultInfo(
            f"{t.word_enum_field}: any value shaped like its values (digits + same suffix)",
            (t.word_enum_field,),
        ),
        Fault.SINGLE_ENUM_ALIAS_ACCEPTED: FaultInfo(
            f"{t.single_enum_field}: its value without the last '-' part also accepted",
            (t.single_enum_field,),
        ),
        Fault.BOUND_MIN_MINUS_ONE_ACCEPTED: FaultInfo(
            f"{t.bounded_int_field}: minimum - 1 ({t.bounded_int_min - 1}) accepted",
            (t.bounded_int_field,),
        ),
        Fault.BOUND_MIN_REFUSED: FaultInfo(
            f"{t.bounded_int_field}: exactly the minimum ({t.bounded_int_min}) refused",
            (t.bounded_int_field,),
        ),
        Fault.INTEGER_AS_STRING_ACCEPTED: FaultInfo(
            f"{t.bounded_int_field}: a string of digits accepted for the integer",
            (t.bounded_int_field,),
        ),
        Fault.BOOLEAN_AS_NUMBER_ACCEPTED: FaultInfo(
            f"{t.boolean_field}: 0 and 1 accepted for the boolean", (t.boolean_field,)
        ),
        Fault.SECOND_REQUIRED_NOT_ENFORCED: FaultInfo(
            f"{t.second_required_field}: missing required field accepted",
            (t.second_required_field,),
        ),
        Fault.NULL_TREATED_AS_ABSENT: FaultInfo(
            "optional fields sent as null are ignored (treated as absent)",
            t.optional_fields,
        ),
        Fault.INTEGER_AS_FLOAT_TRUNCATED: FaultInfo(
            f"{t.bounded_int_field}: a fractional number accepted (truncated)",
            (t.bounded_int_field,),
        ),
        Fault.STRING_AS_NUMBER_ACCEPTED: FaultInfo(
            f"{t.max_length_field}: a JSON number accepted (stringified)", (t.max_length_field,)
        ),
        Fault.EMPTY_TEXT_REFUSED: FaultInfo(
            f"an empty {branch0.required_extra[0]!r} of a {branch0.type_value!r} item refused "
            "(the spec allows it)",
            (t.min_items_field,),
        ),
        Fault.MAX_LENGTH_IN_BYTES: FaultInfo(
            f"{t.max_length_field}: length counted in UTF-8 bytes, so {t.max_length} "
            "non-ASCII characters are refused",
            (t.max_length_field,),
        ),
        Fault.NON_JSON_ANSWERS_500: FaultInfo(
            f"{CREATE_OP}: a body that is not JSON answers 500 instead of 400", (CREATE_OP,)
        ),
        Fault.UNAUTHORIZED_TEXT_PLAIN: FaultInfo(
            "401 answered as text/plain 'Unauthorized' on every operation",
            (CREATE_OP, RETRIEVE_OP, CONTENT_OP),
        ),
        Fault.CONTENT_TEXT_PLAIN: FaultInfo(
            f"{CONTENT_OP}: the video answered as text/plain", (CONTENT_OP,)
        ),
        Fault.TASK_ID_OFF_PATTERN: FaultInfo(
            f"{CREATE_OP}/{RETRIEVE_OP}: task ids not shaped {t.task_id_pattern}", (CREATE_OP,)
        ),
        Fault.STATUS_OUTSIDE_ENUM: FaultInfo(
            f"{RETRIEVE_OP}: a finished task reports status 'succeeded' (not in the enum)",
            (RETRIEVE_OP,),
        ),
        Fault.NOT_FOUND_BODY_OFF_SCHEMA: FaultInfo(
            "404 bodies in neither error shape", (RETRIEVE_OP, CONTENT_OP)
        ),
        Fault.CREATE_ANSWERS_202: FaultInfo(
            f"{CREATE_OP}: 202 (undocumented) instead of 200", (CREATE_OP,)
        ),
        Fault.CREATE_BODY_NOT_JSON: FaultInfo(
            f"{CREATE_OP}: 200 application/json whose body is not JSON", (CREATE_OP,)
        ),
        Fault.CREATE_BODY_WITHOUT_ID: FaultInfo(
            f"{CREATE_OP}: 200 body without its id", (CREATE_OP,)
        ),
        Fault.RETRIEVE_BODY_ARRAY: FaultInfo(
            f"{RETRIEVE_OP}: 200 body is a JSON array", (RETRIEVE_OP,)
        ),
        Fault.UNKNOWN_ID_400_OTHER_CODE: FaultInfo(
            f"{RETRIEVE_OP}: an unknown id answers 400 invalid_request (neither not-found form)",
            (RETRIEVE_OP,),
        ),
        Fault.CONTENT_UNKNOWN_ID_500: FaultInfo(
            f"{CONTENT_OP}: an unknown id answers 500", (CONTENT_OP,)
        ),
        Fault.CONTENT_UNKNOWN_ID_NOT_READY: FaultInfo(
            f"{CONTENT_OP}: an unknown id answers 400 task_not_ready", (CONTENT_OP,)
        ),
        Fault.CONTENT_NEVER_READY: FaultInfo(
            f"{CONTENT_OP}: 400 task_not_ready even after completion", (CONTENT_OP,)
        ),
        Fault.CONTENT_EARLY_404: FaultInfo(
            f"{CONTENT_OP}: 404 task_not_found (not 400 task_not_ready) before completion",
            (CONTENT_OP,),
        ),
        Fault.CREATE_NOT_QUEUED: FaultInfo(
            f"{CREATE_OP}: a new task is already in_progress with progress 10", (CREATE_OP,)
        ),
        Fault.RESULT_URL_NEVER_SET: FaultInfo(
            f"{RETRIEVE_OP}: metadata.url stays empty after completion", (RETRIEVE_OP,)
        ),
        Fault.REDIRECT_LOOP: FaultInfo(f"{CONTENT_OP}: 302 to itself, forever", (CONTENT_OP,)),
        Fault.REDIRECT_TO_MISSING: FaultInfo(
            f"{CONTENT_OP}: 302 to a location that answers 404", (CONTENT_OP,)
        ),
    }
    return table[fault]
