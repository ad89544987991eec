"""The suite's own hygiene: a check that something is absent from a response must follow a check of
that response's status. Otherwise a page that answers 404, 403 or 500 to everyone passes it.

The rule, per function: `assert X not in <response>.content` (also `.content.decode()`, `.text`,
`.json()`, or a variable assigned from one of these) where <response> is an HTTP call made right there
(`client.get(...)`, `.post(...)`, ...) or a variable assigned from one, and that variable's
`.status_code` is never looked at and it is never passed to tests.pages' `expect` or `body`.
Use tests/pages.py (`body(client.get(url))`, `page(client, url)`, `absent(...)`) instead.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
HTTP_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "generic", "request"}
BODY_ATTRIBUTES = {"content", "text"}
# Calls that turn a body into another form of the same body.
UNWRAP_METHODS = {"decode", "lower", "upper", "strip", "json"}
UNWRAP_FUNCTIONS = {"str", "dumps", "loads"}
# tests/pages.py: these assert the status of the response they are given.
CHECKERS = {"expect", "body"}


def is_http_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in HTTP_VERBS


def response_of(node: ast.AST) -> ast.AST | None:
    """The response expression whose body `node` reads, or None when it reads none."""
    while True:
        if isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in UNWRAP_METHODS:
            if node.func.attr == "json":
                return node.func.value
            node = node.func.value
        elif (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and (
                isinstance(node.func, ast.Name)
                and node.func.id in UNWRAP_FUNCTIONS
                or isinstance(node.func, ast.Attribute)
                and node.func.attr in UNWRAP_FUNCTIONS
            )
        ):
            node = node.args[0]
        elif isinstance(node, ast.Attribute) and node.attr in BODY_ATTRIBUTES:
            return node.value
        else:
            return None


def vacuous_checks(source: str, filename: str = "<test>") -> list[str]:
    """'file:line' of each negative check on a response body whose status is never checked."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(ast.walk(function))
        assigned = {}  # name -> the values assigned to it in this function
        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
        checked = {
            node.value.id
            for node in nodes
            if isinstance(node, ast.Attribute) and node.attr == "status_code" and isinstance(node.value, ast.Name)
        }
        checked |= {
            node.args[0].id
            for node in nodes
            if isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Name)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in CHECKERS
        }

        def value_of(name: ast.Name) -> ast.AST | None:
            """The value last assigned to name before it is used (a name is often reused for pages)."""
            earlier = [value for value in assigned.get(name.id, []) if value.lineno <= name.lineno]
            return earlier[-1] if earlier else None

        def unchecked_response(expression: ast.AST) -> bool:
            response = response_of(expression)
            if response is None and isinstance(expression, ast.Name):
                value = value_of(expression)
                return value is not None and unchecked_response(value)
            if is_http_call(response):
                return True
            return isinstance(response, ast.Name) and response.id not in checked and is_http_call(value_of(response))

        for check in (node for node in nodes if isinstance(node, ast.Assert)):
            for compare in (node for node in ast.walk(check.test) if isinstance(node, ast.Compare)):
                for operator, right in zip(compare.ops, compare.comparators, strict=True):
                    if isinstance(operator, ast.NotIn) and unchecked_response(right):
                        found.append(f"{filename}:{compare.lineno}")
    return sorted(set(found), key=lambda place: int(place.rsplit(":", 1)[1]))


def test_no_negative_check_reads_a_response_whose_status_is_unchecked():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        found += vacuous_checks(path.read_text(), str(path.relative_to(TESTS.parent)))
    assert not found, (
        "these checks that something is absent pass on an error page too; assert the status first "
        "(tests/pages.py: body(client.get(url)), page(client, url), absent(...)):\n" + "\n".join(found)
    )


VACUOUS = {
    "direct": 'def t(client):\n    assert "x" not in client.get("/").content.decode()\n',
    "text": 'def t(client):\n    assert "x" not in client.post("/", {}).text\n',
    "json": 'def t(client):\n    assert "phone" not in client.get("/api").json()["fields"]\n',
    "variable": 'def t(client):\n    html = client.get("/").content.decode()\n    assert "x" not in html\n',
    "response": (
        'def t(client):\n    response = client.get("/")\n'
        '    assert "x" in response.content and "y" not in response.content\n'
    ),
    "reused name": (
        'def t(client):\n    html = body(client.get("/a"))\n    assert "x" in html\n'
        '    html = client.get("/b").content.decode()\n    assert "x" not in html\n'
    ),
    "other response checked": (
        'def t(client):\n    a = client.get("/a")\n    b = client.get("/b")\n'
        '    assert a.status_code == 200\n    assert "x" not in b.content\n'
    ),
}
HONEST = {
    "status first": (
        'def t(client):\n    response = client.get("/")\n    assert response.status_code == 200\n'
        '    assert "x" not in response.content.decode()\n'
    ),
    "status after": (
        'def t(client):\n    response = client.get("/")\n    html = response.content.decode()\n'
        '    assert response.status_code == 404 and "x" not in html\n'
    ),
    "reused name": (
        'def t(client):\n    html = body(client.get("/a"))\n    assert "x" not in html\n'
        '    html = client.get("/b").content.decode()\n    assert "x" in html\n'
    ),
    "helper": 'def t(client):\n    assert "x" not in body(client.get("/"))\n',
    "helper of the module": 'def t(client):\n    r = client.get("/")\n    assert "x" not in pages.body(r)\n',
    "expect": 'def t(client):\n    r = client.get("/")\n    expect(r, 403)\n    assert "x" not in r.json()\n',
    "not a response": 'def t(result):\n    assert "Traceback" not in result.stderr\n',
    "a page of the browser": 'def t(page):\n    assert "x" not in page.content()\n',
    "a positive check": 'def t(client):\n    assert "x" in client.get("/").content.decode()\n',
}


@pytest.mark.parametrize("name", VACUOUS)
def test_the_rule_catches_a_negative_check_on_an_unchecked_response(name):
    assert vacuous_checks(VACUOUS[name]) != [], name


@pytest.mark.parametrize("name", HONEST)
def test_the_rule_lets_checked_responses_and_other_values_pass(name):
    assert vacuous_checks(HONEST[name]) == [], name
