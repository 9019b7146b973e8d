"""The UI is Swedish first; English comes from the compiled catalogue in locale/en."""

def test_home_page_is_swedish_by_default(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "Delta i dagens workshop" in html
    assert '<button type="submit">Delta</button>' in html


def test_home_page_is_english_with_accept_language_en(client, db):
    response = client.get("/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Join today's workshop" in html
    assert '<button type="submit">Join</button>' in html
    assert "Delta i dagens workshop" not in html
