"""Recording adoptions on a practice page, and the exchange page (who learned from whom)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum_site.notifications.models import Notification
from practices.models import Adoption

pytestmark = pytest.mark.django_db


def adopt(client, practice, organisation, status="preparing", note="We start in May."):
    return client.post(
        reverse("practices:adopt", args=[practice.pk]),
        {"organisation": organisation.pk, "status": status, "note": note},
    )


def test_member_of_another_city_records_an_adoption(
    client, practice, other_city, make_user, city_member
):
    client.force_login(make_user("otherton", org=other_city))
    form_html = client.get(practice.url).content.decode()
    assert "Your city is learning from this practice?" in form_html
    response = adopt(client, practice, other_city)
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.status, adoption.note) == (
        other_city,
        "preparing",
        "We start in May.",
    )
    assert other_city.name in client.get(practice.url).content.decode()
    # The submitter hears about it.
    assert Notification.objects.filter(user=city_member, kind="practice_adoption").exists()
    # Recording again updates the same adoption.
    adopt(client, practice, other_city, status="implemented", note="Done.")
    assert Adoption.objects.get().status == "implemented"
    assert Adoption.objects.count() == 1


def test_own_city_cannot_adopt(client, practice, city, city_member):
    client.force_login(city_member)
    assert "Your city is learning" not in client.get(practice.url).content.decode()
    assert adopt(client, practice, city).status_code == 403
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("kind", ["civil_society", "national", "lga_association"])
def test_non_local_authorities_cannot_adopt(client, practice, make_org, make_user, kind):
    org = make_org(kind=kind)
    client.force_login(make_user("x", org=org))
    assert adopt(client, practice, org).status_code == 403
    assert not Adoption.objects.exists()


def test_cannot_adopt_for_a_city_one_does_not_belong_to(
    client, practice, other_city, make_org, make_user
):
    third = make_org("Third City", kind="city")
    client.force_login(make_user("x", org=third))
    response = adopt(client, practice, other_city)
    assert response.status_code == 400
    assert not Adoption.objects.exists()


def test_anonymous_cannot_adopt(client, practice, other_city):
    response = adopt(client, practice, other_city)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Adoption.objects.exists()


def test_bad_adoption_input_is_reported(client, practice, other_city, make_user):
    client.force_login(make_user("x", org=other_city))
    response = adopt(client, practice, other_city, status="dreaming", note="n" * 501)
    assert response.status_code == 400
    form = response.context["adoption_form"]
    assert "status" in form.errors and "note" in form.errors
    assert not Adoption.objects.exists()


def test_exchange_table_and_svg(
    client, practice, city, other_city, make_org, make_practice, themes
):
    quito = make_org("Quito Test", kind="city", country="EC")
    Adoption.objects.create(practice=practice, organisation=other_city, status="implemented")
    housing = make_practice(quito, "Rental guarantees", themes=[themes["housing"]])
    Adoption.objects.create(practice=housing, organisation=city, status="interested")

    response = client.get(reverse("practices:exchange"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="edge"><title>') == 2 and "<svg" in html and "<title" in html
    assert len(response.context["rows"]) == 2

    europe = client.get(reverse("practices:exchange") + "?region=150")
    assert [(r["source"], r["target"]) for r in europe.context["rows"]] == [(city, other_city)]
    housing_only = client.get(reverse("practices:exchange") + "?theme=housing")
    assert [(r["source"], r["target"]) for r in housing_only.context["rows"]] == [(quito, city)]
    bad = client.get(reverse("practices:exchange") + "?region=xx&theme=nope")
    assert len(bad.context["rows"]) == 2 and len(bad.context["notices"]) == 2


def test_adoption_during_mail_outage_is_saved_and_emailed_later(
    client,
    practice,
    other_city,
    make_user,
    city_member,
    mail_outage,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    from forum_site.notifications.tasks import deliver_email

    client.force_login(make_user("otherton", org=other_city))
    with django_capture_on_commit_callbacks(execute=True):
        response = adopt(client, practice, other_city)
    assert response.status_code == 302
    assert Adoption.objects.get().organisation == other_city
    note = Notification.objects.get(user=city_member, kind="practice_adoption")
    assert mail_outage.queued(deliver_email).count() == 1
    mail_outage.run_worker()  # still down: retried later
    assert mail.outbox == []
    mail_outage.end()
    mail_outage.run_worker(after=timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[city_member.email]]
    note.refresh_from_db()
    assert note.emailed


def test_exchange_diagram_wraps_long_names_and_has_a_legend(
    client, practice, other_city, make_org, make_practice
):
    long_name = "Municipalité de Saint-Jean-sur-Richelieu et agglomération métropolitaine"
    long_city = make_org(long_name, kind="city", country="CA")
    Adoption.objects.create(practice=practice, organisation=long_city, status="implemented")
    chinese = make_org(
        "广州市人民政府外事办公室国际交流合作处移民服务中心", kind="city", country="CN"
    )
    Adoption.objects.create(practice=practice, organisation=chinese, status="interested")

    response = client.get(reverse("practices:exchange"))
    html = response.content.decode()
    targets = {node["org"].name: node["lines"] for node in response.context["svg"]["targets"]}
    # Every character of a long name is drawn, over several lines, none cut.
    assert len(targets[long_name]) > 1
    assert " ".join(targets[long_name]) == long_name
    assert len(targets[chinese.name]) > 1 and "".join(targets[chinese.name]) == chinese.name
    assert f"<title>{long_name}</title>" in html
    # Nodes below a wrapped name start below its last line.
    ys = [node["y"] for node in response.context["svg"]["targets"]]
    assert ys == sorted(ys) and ys[1] - ys[0] >= 14 * len(
        response.context["svg"]["targets"][0]["lines"]
    )
    # The legend explains the line widths, thinnest to the cap.
    legend = response.context["svg"]["legend"]
    assert [item["width"] for item in legend] == sorted(item["width"] for item in legend)
    assert legend[0]["label"] == "1 practice" and "or more" in legend[-1]["label"]
    assert 'class="exchange-legend"' in html
