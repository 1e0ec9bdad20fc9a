import pytest

pytestmark = pytest.mark.django_db


def test_pages_render(client, make_event, city, make_user):
    event = make_event(
        "Mayoral Forum",
        organisers=[city],
        online_url="https://meet.example/x",
        event_format="hybrid",
    )
    assert client.get("/events/").status_code == 200
    assert client.get("/events/?view=month").status_code == 200
    assert client.get("/events/?view=past").status_code == 200
    r = client.get(event.url)
    assert r.status_code == 200, r.content[:2000]
    assert b"meet.example" not in r.content
    r = client.get(f"/events/{event.slug}.ics")
    assert r.status_code == 200
    print(r.content.decode())
    assert client.get("/events/calendar.ics").status_code == 200
