"""An address longer than MAX_URL_BYTES is refused by the app itself with 414: JSON under
/api/ (every API error is JSON), the error page elsewhere, and before CSRF or sign-in is looked
at. tests/server/test_long_urls.py sends the same through gunicorn."""
from webapp.config import Defaults

from .conftest import problem

LIMIT = Defaults.MAX_URL_BYTES


def _padded(path: str, size: int) -> str:
    """``path`` with a query that makes the whole address ``size`` bytes long."""
    return path + "?q=" + "a" * (size - len(path) - 3)


def test_an_over_long_api_address_is_a_json_414_naming_the_limit(api, team):
    for path in ("/api/v1/projects", team.annotation(), "/api/v1/no-such-thing"):
        response = api.get(_padded(path, LIMIT + 1))
        assert response.status_code == 414, path
        assert f"{LIMIT} bytes" in problem(response)["detail"]
    anonymous = api.get(_padded("/api/v1/projects", LIMIT + 1), role=None)
    assert problem(anonymous)["status"] == 414


def test_an_address_at_the_limit_is_served(api):
    response = api.get(_padded("/api/v1/projects", LIMIT))
    assert response.status_code == 200 and response.get_json()["items"]


def test_an_over_long_page_address_is_the_414_error_page_even_for_a_form_post(browser):
    page = browser.get(_padded("/login", LIMIT + 1))
    assert page.status_code == 414 and page.mimetype == "text/html"
    assert "This address is too long" in page.get_data(as_text=True)
    post = browser.client.post(_padded("/login", LIMIT + 1), data={"username": "x"})
    assert post.status_code == 414   # not the CSRF refusal: the address is checked first


def test_the_openapi_document_lists_the_414_for_every_operation_that_takes_a_token():
    from webapp.api.openapi import SPEC
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method != "parameters" and operation.get("security") != []:
                assert "414" in operation["responses"], (method, path)
