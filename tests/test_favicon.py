"""Every page names its icon, and /favicon.ico answers (no 404 on every page)."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_pages_link_the_icon_and_favicon_ico_finds_it(client, changemakers):
    html = client.get(changemakers.join_path()).content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.ico")
    assert response["Location"].startswith("/static/img/favicon.")
    assert finders.find("img/favicon.ico")


def test_readme_says_how_to_set_a_new_facilitator_password(settings):
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "manage.py changepassword facilitator" in readme
