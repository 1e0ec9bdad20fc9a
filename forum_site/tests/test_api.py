"""The API's search is cleaned like the site's search page: hostile text never 500s."""

import pytest


@pytest.mark.django_db
class TestApiSearch:
    @pytest.mark.parametrize(
        "query",
        ['"', 'home"', "\x00", "a\x00b", "", "   ", "AND", "(", "-*", "NOT home"],
    )
    def test_hostile_search_text_answers_200(self, client, query):
        response = client.get("/api/v2/pages/", {"search": query})
        assert response.status_code == 200, response.content[:200]
        assert "items" in response.json()

    def test_blank_search_finds_nothing(self, client):
        data = client.get("/api/v2/pages/", {"search": '" ( '}).json()
        assert data["meta"]["total_count"] == 0

    def test_cleaned_search_still_finds_pages(self, client):
        from wagtail.models import Page

        title = Page.objects.filter(depth=2).first().title
        word = title.split()[0]
        data = client.get("/api/v2/pages/", {"search": f'"{word}'}).json()
        assert data["meta"]["total_count"] >= 1

    @pytest.mark.parametrize("operator", ["xor", "", "AND", "\x00"])
    def test_bad_operator_is_a_400_with_a_message(self, client, operator):
        response = client.get("/api/v2/pages/", {"search": "home", "search_operator": operator})
        assert response.status_code == 400
        assert "search_operator" in response.json()["message"]

    @pytest.mark.parametrize("operator", ["and", "or"])
    def test_known_operators_are_accepted(self, client, operator):
        response = client.get("/api/v2/pages/", {"search": "home", "search_operator": operator})
        assert response.status_code == 200

    @pytest.mark.parametrize("endpoint", ["images", "documents"])
    def test_other_endpoints_clean_search_too(self, client, endpoint):
        assert client.get(f"/api/v2/{endpoint}/", {"search": '"\x00'}).status_code == 200
        response = client.get(f"/api/v2/{endpoint}/", {"search": "a", "search_operator": "x"})
        assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_beyond_a_64_bit_integer_is_a_400(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": "99999999999999999999"})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]
    assert client.get(f"/api/v2/{endpoint}/", {"offset": "1"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("raw", ["", "x", "-1", str(2**64)])
def test_find_with_a_bad_id_is_not_found(client, endpoint, raw):
    response = client.get(f"/api/v2/{endpoint}/find/", {"id": raw})
    assert response.status_code == 404
