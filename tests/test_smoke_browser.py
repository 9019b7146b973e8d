import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_opens_in_chromium(asgi_server, phone, screenshot):
    phone.goto(f"{asgi_server}/")
    # No day open today: a neutral heading (a day open today shows its title).
    assert phone.get_by_role("heading", name="Delta i en workshop").is_visible()
    assert phone.get_by_label("Kod").is_visible()
    screenshot(phone, "home-phone")
