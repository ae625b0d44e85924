"""Compare two OpenAPI documents semantically and classify every difference.

Operations are matched by method and path (path parameter names ignored), parameters by
``in`` and ``name``, responses by status, media types by name; schemas are compared by
:mod:`seedance.drift.schema_diff`. A final structural pass reports anything the targeted
checks did not explain (``info``-level, generic ids), so no difference goes unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from seedance.drift.model import Change, Verb
from seedance.drift.normalize import normalize_document
from seedance.drift.pointer import MISSING, diff, join, prose, same, short
from seedance.drift.prose import word_diff
from seedance.drift.schema_diff import SchemaComparer, SchemaSite
from seedance.drift.servers import publisher_flip
from seedance.spec import HTTP_METHODS, resolve_ref
from seedance.spec.levels import Level, level_rank

_OP_KEYS_HANDLED = frozenset(
    {
        "operationId",
        "summary",
        "description",
        "tags",
        "deprecated",
        "security",
        "parameters",
        "requestBody",
        "responses",
    }
)


class _Collector:
    """Gathers changes; the comparison helpers share one."""

    def __init__(
        self, old_doc: dict[str, Any], new_doc: dict[str, Any], publisher: frozenset[str]
    ) -> None:
        self.old = old_doc
        self.new = new_doc
        self.publisher = publisher
        self.changes: list[Change] = []
        self.quiet: set[str] = set()  # pointers whose differences are recognised as no drift

    def add(
        self,
        check_id: str,
        level: str,
        location: str,
        message: str,
        *,
        operation: str = "",
        old: Any = MISSING,
        new: Any = MISSING,
        detail: str = "",
    ) -> None:
        """Record one change; ``detail`` replaces the ``(old -> new)`` rendering (prose)."""
        op = f"{operation}: " if operation else ""
        shown = f": {detail}" if detail else f" ({short(old)} -> {short(new)})"
        self.changes.append(
            Change(
                id=check_id,
                level=Level(level),
                location=location,
                message=f"{op}{message}{shown}",
                operation=operation,
                old=None if old is MISSING else old,
                new=None if new is MISSING else new,
            )
        )

    def deref(self, node: Any, *, new_side: bool) -> Any:
        """``node`` with its references followed in its own document; MISSING if they fail."""
        return resolve_ref(self.new if new_side else self.old, node, MISSING)

    def schemas(self, site: SchemaSite) -> SchemaComparer:
        return SchemaComparer(self.old, self.new, site, self.changes.append)


def _norm_path(path: str) -> str:
    return re.sub(r"\{[^}/]+\}", "{}", path)


def _operations(doc: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str, dict[str, Any]]]:
    found: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
    paths = doc.get("paths") or {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                found[(method.upper(), _norm_path(str(path)))] = (str(path), method, op)
    return found


def _requirements(value: Any) -> set[tuple[tuple[str, tuple[str, ...]], ...]]:
    result = set()
    for req in value if isinstance(value, list) else []:
        if isinstance(req, dict):
            result.add(
                tuple(sorted((str(k), tuple(sorted(map(str, v or [])))) for k, v in req.items()))
            )
    return result


def _describe_requirement(req: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    return (
        " + ".join(name + (f"[{', '.join(scopes)}]" if scopes else "") for name, scopes in req)
        or "{}"
    )


def _compare_security(
    c: _Collector,
    old: Any,
    new: Any,
    *,
    location: str,
    operation: str,
    scope: str,
    effective: bool = True,
) -> None:
    old_reqs, new_reqs = _requirements(old), _requirements(new)
    api = "api-global-security" if scope == "global" else "api-security"
    for req in sorted(old_reqs - new_reqs):
        c.add(
            f"{api}-removed",
            "error",
            location,
            f"{scope} security requirement {_describe_requirement(req)} removed",
            operation=operation,
            old=old,
            new=new,
        )
    for req in sorted(new_reqs - old_reqs):
        # oasdiff: adding an alternative requirement is info; requiring credentials where none
        # were needed before locks out every existing caller, so that is an error here (for
        # global security only when some operation inherits it).
        level = "error" if effective and not old_reqs and any(req) else "info"
        c.add(
            f"{api}-added",
            level,
            location,
            f"{scope} security requirement {_describe_requirement(req)} added",
            operation=operation,
            old=old,
            new=new,
        )


def _compare_servers(c: _Collector) -> None:
    def urls(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
        servers = doc.get("servers") or []
        return {str(s.get("url")): s for s in servers if isinstance(s, dict)}

    def where(servers: dict[str, dict[str, Any]], url: str) -> str:
        return join("/servers", list(servers).index(url), "url")

    old, new = urls(c.old), urls(c.new)
    removed, added = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    if publisher_flip(c.old, c.new, c.publisher):
        c.quiet.add("/servers")  # the publisher's test host and production: not drift
        return
    # Our generated client never reads `servers` (callers pass base_url), so a moved server
    # breaks no code; but it says where the publisher sends traffic (test host or production),
    # which someone must look at: warning.
    if len(removed) == 1 and len(added) == 1:
        c.add(
            "api-server-url-changed",
            "warning",
            where(new, added[0]),
            "server URL changed; check which host is production before following it",
            old=removed[0],
            new=added[0],
        )
    else:
        for url in removed:
            c.add("api-server-removed", "warning", where(old, url), "server removed", old=url)
        for url in added:
            c.add("api-server-added", "warning", where(new, url), "server added", new=url)
    for url in sorted(set(old) & set(new)):
        base = join("/servers", list(new).index(url))
        for pointer, before, after in diff(old[url], new[url], base):
            c.add(
                "api-server-changed",
                "info",
                pointer,
                f"server {url}: {pointer} changed",
                old=before,
                new=after,
            )


def _compare_security_schemes(c: _Collector) -> None:
    old = (c.old.get("components") or {}).get("securitySchemes") or {}
    new = (c.new.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(set(old) | set(new)):
        loc = join("/components/securitySchemes", name)
        if name not in new:
            c.add(
                "api-components-security-removed",
                "info",
                loc,
                f"security scheme {name} removed",
                old=old[name],
            )
        elif name not in old:
            c.add(
                "api-components-security-added",
                "info",
                loc,
                f"security scheme {name} added",
                new=new[name],
            )
        else:
            for pointer, before, after in diff(old[name], new[name], loc):
                key = pointer.rsplit("/", 1)[-1]
                check = (
                    "api-components-security-type-updated"
                    if key in ("type", "scheme", "in")
                    else "api-components-security-changed"
                )
                c.add(
                    check,
                    "info",
                    pointer,
                    f"security scheme {name}: {key} changed",
                    old=before,
                    new=after,
                )


def _params(
    c: _Collector, path: str, method: str, op: dict[str, Any], *, new_side: bool
) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    doc = c.new if new_side else c.old
    item = (doc.get("paths") or {}).get(path) or {}
    found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for base, params in (
        (join("/paths", path, "parameters"), item.get("parameters")),
        (join("/paths", path, method, "parameters"), op.get("parameters")),
    ):
        for index, raw in enumerate(params or []):
            param = c.deref(raw, new_side=new_side)
            if isinstance(param, dict):
                key = (str(param.get("in")), str(param.get("name")))
                found[key] = (join(base, index), param)
    return found


def _compare_parameters(
    c: _Collector,
    old_op: tuple[str, str, dict[str, Any]],
    new_op: tuple[str, str, dict[str, Any]],
    label: str,
) -> None:
    old = _params(c, *old_op, new_side=False)
    new = _params(c, *new_op, new_side=True)
    for key in sorted(set(old) | set(new)):
        where, name = key
        if key not in old:
            loc, param = new[key]
            if where == "path":
                check, level = "new-request-path-parameter", "error"
            elif param.get("required"):
                check, level = "new-required-request-parameter", "error"
            else:
                check, level = "new-optional-request-parameter", "info"
            c.add(
                check, level, loc, f"{where} parameter '{name}' added", operation=label, new=param
            )
            continue
        if key not in new:
            loc, param = old[key]
            c.add(
                "request-parameter-removed",
                "warning",
                loc,
                f"{where} parameter '{name}' removed",
                operation=label,
                old=param,
            )
            continue
        (_, old_p), (loc, new_p) = old[key], new[key]
        _compare_required_and_description(
            c,
            old_p,
            new_p,
            loc=loc,
            prefix="request-parameter",
            what=f"{where} parameter '{name}'",
            label=label,
        )
        site = SchemaSite("parameter", label, f"{where} parameter '{name}'")
        c.schemas(site).compare(
            old_p.get("schema", {}), new_p.get("schema", {}), join(loc, "schema")
        )


def _compare_examples(
    c: _Collector,
    old: dict[str, Any],
    new: dict[str, Any],
    loc: str,
    *,
    check: str,
    what: str,
    label: str,
) -> None:
    for keyword in ("example", "examples"):
        if not same(old.get(keyword, MISSING), new.get(keyword, MISSING)):
            c.add(
                check,
                "info",
                join(loc, keyword),
                f"{what}: {keyword} changed",
                operation=label,
                old=old.get(keyword, MISSING),
                new=new.get(keyword, MISSING),
            )


def _compare_request_body(
    c: _Collector, old_op: dict[str, Any], new_op: dict[str, Any], loc: str, label: str
) -> None:
    old = c.deref(old_op.get("requestBody", MISSING), new_side=False)
    new = c.deref(new_op.get("requestBody", MISSING), new_side=True)
    loc = join(loc, "requestBody")
    if old is MISSING and new is MISSING:
        return
    if old is MISSING:
        required = bool(new.get("required"))
        c.add(
            f"added-{'required' if required else 'optional'}-request-body",
            "error" if required else "info",
            loc,
            "request body added",
            operation=label,
            new=new,
        )
        return
    if new is MISSING:
        c.add(
            "request-body-removed", "error", loc, "request body removed", operation=label, old=old
        )
        return
    _compare_required_and_description(
        c, old, new, loc=loc, prefix="request-body", what="request body", label=label
    )
    _compare_content(
        c,
        old,
        new,
        loc,
        site=SchemaSite("request", label, "request body"),
        body=_REQUEST_BODY,
    )


def _compare_required_and_description(
    c: _Collector,
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    loc: str,
    prefix: str,
    what: str,
    label: str,
) -> None:
    """``required`` flipped (error when it becomes required) and description changes (info)
    of a request parameter or body; ``prefix`` is the check-id stem."""
    if bool(old.get("required")) != bool(new.get("required")):
        became = "required" if new.get("required") else "optional"
        c.add(
            f"{prefix}-became-{became}",
            "error" if became == "required" else "info",
            join(loc, "required"),
            f"{what} became {became}",
            operation=label,
            old=old.get("required", MISSING),
            new=new.get("required", MISSING),
        )
    _compare_prose(
        c,
        old,
        new,
        "description",
        check=f"{prefix}-description-changed",
        loc=loc,
        message=f"{what} description changed",
        label=label,
    )


def _compare_prose(
    c: _Collector,
    old: dict[str, Any],
    new: dict[str, Any],
    keyword: str,
    *,
    check: str,
    loc: str,
    message: str,
    label: str,
) -> None:
    """An ``info`` change when the prose under ``keyword`` changed (whitespace never counts)."""
    if not same(old.get(keyword), new.get(keyword), keyword):
        c.add(
            check,
            "info",
            join(loc, keyword),
            message,
            operation=label,
            old=prose(old.get(keyword, MISSING)),
            new=prose(new.get(keyword, MISSING)),
            detail=word_diff(old.get(keyword), new.get(keyword)),
        )


@dataclass(frozen=True)
class _Body:
    """How the checks name a request or a response body (oasdiff's ids are not symmetric)."""

    media_check: str  # stem of the media-type and example check ids
    schema_check: str  # stem of the schema check ids
    owner: str  # whose media types: "request", "response 200:"
    label: str  # what a media type belongs to: "request body", "response 200"
    schema_levels: tuple[str, str]  # of a schema added and removed (swapped for responses)
    summarise: bool  # name the added schema in the message


_REQUEST_BODY = _Body(
    "request-body", "request-body", "request", "request body", ("error", "info"), False
)


def _response_body(status: str) -> _Body:
    return _Body(
        "response",
        "response-body",
        f"response {status}:",
        f"response {status}",
        ("info", "error"),
        True,
    )


def _compare_content(
    c: _Collector,
    old: dict[str, Any],
    new: dict[str, Any],
    loc: str,
    *,
    site: SchemaSite,
    body: _Body,
) -> None:
    """Media types of a request or response body: added, removed, examples and schemas."""
    label = site.operation
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for media in sorted(set(old_content) | set(new_content)):
        mloc = join(loc, "content", media)
        if media not in old_content:
            schema = (new_content[media] or {}).get("schema", MISSING)
            named = body.summarise and schema is not MISSING
            what = f" with schema {_schema_summary(c, schema)}" if named else ""
            c.add(
                f"{body.media_check}-media-type-added",
                "info",
                mloc,
                f"{body.owner} media type {media} added{what}",
                operation=label,
                new=new_content[media],
            )
            continue
        if media not in new_content:
            c.add(
                f"{body.media_check}-media-type-removed",
                "error",
                mloc,
                f"{body.owner} media type {media} removed",
                operation=label,
                old=old_content[media],
            )
            continue
        old_m, new_m = old_content[media] or {}, new_content[media] or {}
        what = f"{body.label} {media}"
        _compare_examples(
            c,
            old_m,
            new_m,
            mloc,
            check=f"{body.media_check}-example-changed",
            what=what,
            label=label,
        )
        where = join(mloc, "schema")
        if "schema" in old_m and "schema" in new_m:
            c.schemas(site).compare(old_m["schema"], new_m["schema"], where)
        elif "schema" in new_m:
            summary = _schema_summary(c, new_m["schema"]) + " " if body.summarise else ""
            c.add(
                f"{body.schema_check}-media-type-schema-added",
                body.schema_levels[0],
                where,
                f"{what}: schema {summary}added",
                operation=label,
                new=new_m["schema"],
            )
        elif "schema" in old_m:
            c.add(
                f"{body.schema_check}-media-type-schema-removed",
                body.schema_levels[1],
                where,
                f"{what}: schema removed",
                operation=label,
                old=old_m["schema"],
            )


def _schema_summary(c: _Collector, schema: Any) -> str:
    target = c.deref(schema, new_side=True)
    name = schema.get("$ref", "").rsplit("/", 1)[-1] if isinstance(schema, dict) else ""
    props = sorted(target.get("properties") or {}) if isinstance(target, dict) else []
    return f"{name} {{{', '.join(props)}}}".strip() if props or name else short(schema)


def _compare_response(
    c: _Collector, status: str, old: dict[str, Any], new: dict[str, Any], *, loc: str, label: str
) -> None:
    _compare_prose(
        c,
        old,
        new,
        "description",
        check="response-description-changed",
        loc=loc,
        message=f"response {status} description changed",
        label=label,
    )
    old_h, new_h = old.get("headers") or {}, new.get("headers") or {}
    for name in sorted(set(old_h) | set(new_h)):
        hloc = join(loc, "headers", name)
        if name not in old_h:
            c.add(
                "response-header-added",
                "info",
                hloc,
                f"response {status} header {name} added",
                operation=label,
                new=new_h[name],
            )
        elif name not in new_h:
            header = c.deref(old_h[name], new_side=False)
            required = isinstance(header, dict) and bool(header.get("required"))
            c.add(
                f"{'required' if required else 'optional'}-response-header-removed",
                "error" if required else "warning",
                hloc,
                f"response {status} header {name} removed",
                operation=label,
                old=old_h[name],
            )
        else:
            old_hd = c.deref(old_h[name], new_side=False)
            new_hd = c.deref(new_h[name], new_side=True)
            if isinstance(old_hd, dict) and isinstance(new_hd, dict):
                site = SchemaSite("header", label, f"response {status} header {name}")
                c.schemas(site).compare(
                    old_hd.get("schema", {}), new_hd.get("schema", {}), join(hloc, "schema")
                )
    _compare_content(
        c,
        old,
        new,
        loc,
        site=SchemaSite("response", label, f"response {status}"),
        body=_response_body(status),
    )


def _is_success(status: str) -> bool:
    return status.startswith("2") or status.upper() == "2XX"


def _compare_responses(
    c: _Collector, old_op: dict[str, Any], new_op: dict[str, Any], loc: str, label: str
) -> None:
    old = {str(k): v for k, v in (old_op.get("responses") or {}).items()}
    new = {str(k): v for k, v in (new_op.get("responses") or {}).items()}
    for status in sorted(set(old) | set(new)):
        rloc = join(loc, "responses", status)
        kind = "success" if _is_success(status) else "non-success"
        if status not in old:
            c.add(
                f"response-{kind}-status-added",
                "info",
                rloc,
                f"response status {status} added",
                operation=label,
                new=new[status],
            )
        elif status not in new:
            c.add(
                f"response-{kind}-status-removed",
                "error" if kind == "success" else "info",
                rloc,
                f"response status {status} removed",
                operation=label,
                old=old[status],
            )
        else:
            old_r = c.deref(old[status], new_side=False)
            new_r = c.deref(new[status], new_side=True)
            if isinstance(old_r, dict) and isinstance(new_r, dict):
                _compare_response(c, status, old_r, new_r, loc=rloc, label=label)


def _compare_operation(
    c: _Collector,
    old_entry: tuple[str, str, dict[str, Any]],
    new_entry: tuple[str, str, dict[str, Any]],
) -> None:
    path, method, new_op = new_entry
    old_op = old_entry[2]
    label = f"{method.upper()} {path}"
    loc = join("/paths", path, method)
    old_id, new_id = old_op.get("operationId"), new_op.get("operationId")
    if old_id != new_id:
        if old_id and new_id:
            c.add(
                "api-operation-id-removed",
                "warning",
                join(loc, "operationId"),
                f"operationId '{old_id}' removed and replaced with '{new_id}'; generated client "
                "function names derive from it unless the overlay pins it",
                operation=label,
                old=old_id,
                new=new_id,
            )
        elif new_id:
            c.add(
                "api-operation-id-added",
                "info",
                join(loc, "operationId"),
                "operationId added",
                operation=label,
                new=new_id,
            )
        else:
            c.add(
                "api-operation-id-removed",
                "warning",
                join(loc, "operationId"),
                f"operationId '{old_id}' removed",
                operation=label,
                old=old_id,
            )
    for keyword in ("summary", "description"):
        _compare_prose(
            c,
            old_op,
            new_op,
            keyword,
            check=f"api-{keyword}-changed",
            loc=loc,
            message=f"operation {keyword} changed",
            label=label,
        )
    old_tags, new_tags = set(old_op.get("tags") or []), set(new_op.get("tags") or [])
    for tag in sorted(old_tags - new_tags):
        c.add(
            "api-tag-removed",
            "info",
            join(loc, "tags"),
            f"tag '{tag}' removed",
            operation=label,
            old=tag,
        )
    for tag in sorted(new_tags - old_tags):
        c.add(
            "api-tag-added",
            "info",
            join(loc, "tags"),
            f"tag '{tag}' added",
            operation=label,
            new=tag,
        )
    if bool(old_op.get("deprecated")) != bool(new_op.get("deprecated")):
        check = "endpoint-deprecated" if new_op.get("deprecated") else "endpoint-reactivated"
        c.add(
            check,
            "info",
            join(loc, "deprecated"),
            check.replace("-", " "),
            operation=label,
            old=bool(old_op.get("deprecated")),
            new=bool(new_op.get("deprecated")),
        )
    if "security" in old_op or "security" in new_op:
        old_sec = old_op.get("security", c.old.get("security"))
        new_sec = new_op.get("security", c.new.get("security"))
        _compare_security(
            c,
            old_sec,
            new_sec,
            location=join(loc, "security"),
            operation=label,
            scope="operation",
        )
    _compare_parameters(c, old_entry, new_entry, label)
    _compare_request_body(c, old_op, new_op, loc, label)
    _compare_responses(c, old_op, new_op, loc, label)
    for keyword in sorted((set(old_op) | set(new_op)) - _OP_KEYS_HANDLED, key=str):
        before, after = old_op.get(keyword, MISSING), new_op.get(keyword, MISSING)
        if not same(before, after, str(keyword)):
            check = (
                "api-extension-changed"
                if str(keyword).startswith("x-")
                else "api-operation-changed"
            )
            c.add(
                check,
                "info",
                join(loc, str(keyword)),
                f"operation {keyword} changed",
                operation=label,
                old=before,
                new=after,
            )


def _compare_paths(c: _Collector) -> None:
    old_ops, new_ops = _operations(c.old), _operations(c.new)
    new_paths = {_norm_path(str(p)) for p in (c.new.get("paths") or {})}
    for key in sorted(set(old_ops) | set(new_ops)):
        if key in old_ops and key in new_ops:
            _compare_operation(c, old_ops[key], new_ops[key])
            continue
        path, method, op = old_ops[key] if key in old_ops else new_ops[key]
        label, loc = f"{method.upper()} {path}", join("/paths", path, method)
        if key in new_ops:
            c.add(
                "endpoint-added",
                "info",
                loc,
                "operation added",
                operation=label,
                new=op.get("operationId", label),
            )
            continue
        deprecated = bool(op.get("deprecated"))
        scope = "api-path" if key[1] not in new_paths else "api"
        if scope == "api-path":
            loc = join("/paths", path)
        check = f"{scope}-removed-{'with' if deprecated else 'without'}-deprecation"
        c.add(
            check,
            "info" if deprecated else "error",
            loc,
            f"{'path' if scope == 'api-path' else 'operation'} removed"
            f"{'' if deprecated else ' without deprecation'}",
            operation=label,
            old=op.get("operationId", label),
        )


def _generic(pointer: str, old: Any, new: Any) -> tuple[str, str]:
    parts = pointer.split("/")
    if pointer.startswith("/info"):
        return "api-info-changed", "info"
    if pointer == "/openapi":
        return "api-openapi-version-changed", "info"
    if pointer.startswith("/tags"):
        return "api-tags-changed", "info"
    if len(parts) == 4 and pointer.startswith("/components/schemas/"):
        if old is MISSING:
            return "api-schema-added", "info"
        if new is MISSING:
            return "api-schema-removed", "info"
    if pointer.startswith("/components"):
        return "api-component-changed", "info"
    return "api-spec-changed", "info"


def _prefixes(pointer: str) -> list[str]:
    """The segment-wise strict prefixes of ``pointer`` (``/a/b`` -> ``""``, ``/a``)."""
    cuts = [i for i, ch in enumerate(pointer) if ch == "/"]
    return [pointer[:i] for i in cuts]


def _safety_net(c: _Collector) -> None:
    # A difference is explained when an explained pointer is it, contains it or lies inside it;
    # sets of pointers and of their prefixes make each test cost its depth, not the number of
    # changes (which made the pass quadratic).
    explained = {p for ch in c.changes for p in (ch.location, ch.component) if p} | c.quiet
    inside = {prefix for p in explained for prefix in _prefixes(p)}
    for pointer, old, new in diff(c.old, c.new):
        if "" in explained or pointer in explained or pointer in inside:
            continue
        if any(prefix in explained for prefix in _prefixes(pointer)):
            continue
        # a `required` list is explained by a property added or removed beside it
        if pointer.endswith("/required") and pointer[: -len("required")] + "properties" in inside:
            continue
        check, level = _generic(pointer, old, new)
        verb = Verb.of(old is MISSING, new is MISSING)
        c.add(check, level, pointer or "/", f"{pointer or 'document'} {verb}", old=old, new=new)


def compare_documents(
    old_doc: dict[str, Any], new_doc: dict[str, Any], *, publisher: Iterable[str] = ()
) -> list[Change]:
    """Every classified change from ``old_doc`` (vendored) to ``new_doc`` (published).

    Both documents are first spelled one way (:func:`seedance.drift.normalize.normalize_document`),
    so that only meaning is compared. ``publisher``: the publisher's domains, whose hosts
    ``servers`` may flip between without drift (:mod:`seedance.drift.servers`).
    """
    old_doc, new_doc = normalize_document(old_doc), normalize_document(new_doc)
    c = _Collector(old_doc, new_doc, frozenset(publisher))
    _compare_servers(c)
    if "security" in old_doc or "security" in new_doc:
        _compare_security(
            c,
            old_doc.get("security"),
            new_doc.get("security"),
            location="/security",
            operation="",
            scope="global",
            effective=any("security" not in op for _, _, op in _operations(new_doc).values()),
        )
    _compare_security_schemes(c)
    _compare_paths(c)
    _safety_net(c)
    unique: dict[tuple[str, str, str], Change] = {}
    for change in c.changes:
        unique.setdefault((change.id, change.location, change.message), change)
    return sorted(unique.values(), key=lambda ch: (-level_rank(ch.level), ch.location, ch.id))
