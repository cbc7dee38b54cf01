#!/usr/bin/env python3
"""Validates every JSON payload in specs/fixtures/ against its schema in specs/<api>.yaml with an
independent OpenAPI 3.0 validator (openapi-schema-validator's OAS30Validator, formats checked),
so a spec that rejects a documented request or response fails CI.

Usage: validate_fixtures.py [REPO_ROOT]. Every *.json file under specs/fixtures/ must be listed in
FIXTURES; an unlisted one is an error, so none escapes validation. XML payloads are checked by the
Rust tests (generated/tests/xml.rs), which read them into the generated types.
"""

import json
import pathlib
import sys

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

# fixture (relative to specs/fixtures/) -> (spec name, JSON pointer of its schema in the spec)
FIXTURES = {
    "planso/create_order_request.json": ("planso", "/components/schemas/CreateOrderRequest"),
    "planso/create_order_response.json": ("planso", "/components/schemas/CreateOrderResponse"),
    "planso/update_order_request.json": ("planso", "/components/schemas/UpdateOrderRequest"),
    "planso/update_order_response.json": ("planso", "/components/schemas/UpdateOrderResponse"),
    "quotevine/order_request.json": ("quotevine", "/components/schemas/OrderRequest"),
    "quotevine/order_response.json": ("quotevine", "/components/schemas/Order"),
    "quotevine/order_list_response.json": ("quotevine", "/components/schemas/OrderList"),
    "quotevine/published_order.json": ("quotevine", "/components/schemas/Order"),
    "quotevine/update_order_response.json": ("quotevine", "/components/schemas/OrderSaved"),
    "compilator/order_head_request.json": ("compilator", "/components/schemas/OrderHeadRequest"),
    "compilator/order_head_response.json": ("compilator", "/components/schemas/OrderHeadResponse"),
    "compilator/create_order_response.json": (
        "compilator",
        "/paths/~1api~1Orders/post/responses/200/content/application~1json/schema",
    ),
}


def pointer_get(document, pointer):
    node = document
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[token]
    return node


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    fixtures_dir = root / "specs" / "fixtures"
    problems = []

    on_disk = sorted(str(p.relative_to(fixtures_dir)) for p in fixtures_dir.rglob("*.json"))
    for name in on_disk:
        if name not in FIXTURES:
            problems.append(f"specs/fixtures/{name}: not listed in {__file__}")
    for name in FIXTURES:
        if name not in on_disk:
            problems.append(f"specs/fixtures/{name}: listed, but there is no such file")

    specs = {}
    checked = 0
    for name, (api, pointer) in FIXTURES.items():
        path = fixtures_dir / name
        if not path.exists():
            continue
        if api not in specs:
            with open(root / "specs" / f"{api}.yaml", encoding="utf-8") as f:
                specs[api] = yaml.safe_load(f)
        spec = specs[api]
        # The spec is the root resource, so `#/components/schemas/...` resolves inside it.
        uri = f"urn:ordergen:specs:{api}"
        registry = Registry().with_resource(uri, Resource(contents=spec, specification=DRAFT4))
        try:
            pointer_get(spec, pointer)
        except (KeyError, TypeError):
            problems.append(f"specs/fixtures/{name}: no schema at {api}.yaml#{pointer}")
            continue
        validator = OAS30Validator(
            {"$ref": f"{uri}#{pointer}"},
            registry=registry,
            format_checker=OAS30Validator.FORMAT_CHECKER,
        )
        with open(path, encoding="utf-8") as f:
            instance = json.load(f)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(the whole document)"
            problems.append(f"specs/fixtures/{name}: at {where}: {error.message}")
        checked += 1

    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in the fixtures", file=sys.stderr)
        return 1
    print(f"{checked} fixtures valid against their specs (OpenAPI 3.0 validator)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
