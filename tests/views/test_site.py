"""What a browser asks for on every first page load: the favicon, signed in or not."""
import pytest

from tests.factories import PASSWORD, make_user


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_favicon_is_served_and_linked(app, browser, signed_in):
    if signed_in:
        with app.app_context():
            make_user("lena")
        assert browser.login("lena", PASSWORD).status_code == 302
    icon = browser.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\0\0\1\0"                  # an ICO file
    assert icon.headers["X-Content-Type-Options"] == "nosniff"
    page = browser.get("/" if signed_in else "/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    svg = browser.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
