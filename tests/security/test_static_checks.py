"""T18 template lint and T50 version floors / debug off. Each detector is first shown a bad
sample it must catch (positive control), then run on the real files."""
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.version import Version

from webapp import create_app

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "webapp"

# Markup that turns data into HTML without escaping, and template rendering from strings.
UNSAFE = [
    (re.compile(r"\|\s*safe\b"), "|safe"),
    (re.compile(r"\bMarkup\s*\("), "Markup("),
    (re.compile(r"\brender_template_string\s*\("), "render_template_string("),
    (re.compile(r"{%-?\s*autoescape\s+false", re.I), "autoescape false"),
    (re.compile(r"\bautoescape\s*=\s*False"), "autoescape=False"),
]
JINJA_STATEMENT = re.compile(r"{%.*?%}|{#.*?#}", re.S)
JINJA_EXPRESSION = re.compile(r"{{.*?}}", re.S)
TAG = re.compile(r"<([a-zA-Z][\w-]*)([^<>]*)>", re.S)
# One attribute at a time; a quoted value is consumed whole, so nothing matches inside it.
ATTRIBUTE = re.compile(r"""\s*([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?|\s*/""")


def unsafe_uses(text: str) -> list[str]:
    return [name for pattern, name in UNSAFE if pattern.search(text)]


def unquoted_attributes(template: str) -> list[str]:
    """Attribute values in HTML tags that are not in quotes (``title={{ t }}`` is injectable)."""
    html = JINJA_STATEMENT.sub(" ", template)
    html = JINJA_EXPRESSION.sub("EXPR", html)
    found = []
    for tag in TAG.finditer(html):
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            value = attribute.group(2)
            if value is not None and value[0] not in "\"'":
                found.append(f"<{tag.group(1)} … {attribute.group(0).strip()}>")
    return found


def source_files():
    yield from sorted(TEMPLATES.rglob("*.html"))
    yield from sorted(PACKAGE.rglob("*.py"))
    yield from sorted(PACKAGE.rglob("*.html"))


def test_the_linters_catch_what_they_look_for():
    assert unsafe_uses("<p>{{ note|safe }}</p>") == ["|safe"]
    assert unsafe_uses("<p>{{ note | safe }}</p>") == ["|safe"]
    assert unsafe_uses("return Markup(f'<b>{name}</b>')") == ["Markup("]
    assert unsafe_uses("render_template_string(user_text)") == ["render_template_string("]
    assert unsafe_uses("{% autoescape false %}{{ x }}{% endautoescape %}") == ["autoescape false"]
    assert unsafe_uses("<p>{{ note|safer_name }} {{ x|tojson }}</p>") == []
    assert unquoted_attributes('<a title={{ t }} href="/">') != []
    assert unquoted_attributes("<input value=x>") != []
    assert unquoted_attributes('<li class={{ "a" if x }}>') != []
    assert unquoted_attributes('<p class="{{ c }}"{% if x %} hidden{% endif %} data-n=\'1\'>') == []
    assert unquoted_attributes('<details{% if open %} open{% endif %}><fieldset disabled>') == []
    assert unquoted_attributes('{{ form.start(type="hidden") }}<b>{{ a == b }}</b>') == []
    assert unquoted_attributes('<meta content="width=device-width, initial-scale=1">') == []
    assert unquoted_attributes('<img alt="a=b" src=x.png>') != []


def test_no_unescaped_markup_or_string_templates_in_the_code():
    found = [f"{path.relative_to(ROOT)}: {name}" for path in source_files()
             for name in unsafe_uses(path.read_text("utf-8"))]
    assert found == []


def test_every_attribute_value_in_templates_is_quoted():
    found = [f"{path.relative_to(ROOT)}: {hit}" for path in sorted(TEMPLATES.rglob("*.html"))
             for hit in unquoted_attributes(path.read_text("utf-8"))]
    assert found == []


def test_templates_are_autoescaped(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"},
                     instance_path=str(tmp_path / "instance"))
    assert app.jinja_env.autoescape("page.html") is True
    with app.test_request_context():
        from flask import render_template
        rendered = render_template("errors/error.html", status=400,
                                   message="<script>alert(1)</script>", error_id=None)
    assert "<script>alert(1)" not in rendered and "&lt;script&gt;" in rendered


FLOORS = {"Flask": "2.3.2", "Werkzeug": "3.1.5", "Jinja2": "3.1.6", "itsdangerous": "2.1",
          "Flask-WTF": "1.2", "Flask-Login": "0.6.3", "SQLAlchemy": "2.0.30"}


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_installed_versions_meet_the_advisory_floors(package):
    assert Version(version(package)) >= Version(FLOORS[package]), package


def test_default_app_has_debug_off(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")   # an operator's stray environment does not turn it on
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path / "instance"))
    assert app.debug is False and app.config["DEBUG"] is False
    assert app.testing is False and not app.config.get("PROPAGATE_EXCEPTIONS")
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] and app.config["WTF_CSRF_ENABLED"] is not False


def test_bandit_finds_nothing_of_medium_or_high_severity(tmp_path):
    """T50: bandit over the package, and a positive control proving it reports what it should."""
    import json
    import subprocess
    import sys

    def scan(target):
        out = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", str(target), "-ll", "-f", "json"],
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout)["results"]

    bad = tmp_path / "bad.py"
    bad.write_text('import subprocess\nSECRET_KEY = "dev"\nsubprocess.call("ls " + input(), shell=True)\n')
    assert any(r["test_id"] == "B602" for r in scan(bad))
    assert [(r["filename"], r["test_id"], r["issue_text"]) for r in scan(PACKAGE)] == []
