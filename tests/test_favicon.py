"""Every page names its icon, and /favicon.ico answers (no 404 on every page)."""

import re
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_pages_carry_the_icon_and_favicon_ico_finds_it(client, changemakers):
    """The icon is in the page (a data: URI, no request of its own)."""
    html = client.get(changemakers.join_path()).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
    assert icon.startswith("data:image/svg+xml,")
    with open(finders.find("img/favicon.svg"), encoding="utf-8") as file:
        assert unquote(icon.removeprefix("data:image/svg+xml,")) == " ".join(file.read().split())
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.ico")
    assert response["Location"].startswith("/static/img/favicon.")
    assert finders.find("img/favicon.ico")


def test_readme_says_how_to_set_a_new_facilitator_password(settings):
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "manage.py changepassword facilitator" in readme
