import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_opens_in_chromium(asgi_server, phone, screenshot):
    phone.goto(f"{asgi_server}/")
    assert phone.get_by_role("heading", name="Changemakers").is_visible()
    assert phone.get_by_label("Kod").is_visible()
    screenshot(phone, "home-phone")
