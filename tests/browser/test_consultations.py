"""A ministry opens a consultation, a city responds, the ministry publishes the outcome."""

import importlib
from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Log out").click()


def test_open_respond_publish_outcome(page, live_server, login):
    from django.apps import apps as django_apps
    from django.utils import timezone

    from consultations.models import ConsultationPage, ConsultationResponse
    from forum_site.demo import seed_people

    seed_people()
    # The migration-marker template is data seeded by a migration: a browser test
    # that ran before (live server, transactional) flushed it. Seed it again.
    marker = importlib.import_module("consultations.migrations.0003_migration_marker_template")
    marker.seed(django_apps, None)
    now = timezone.now()

    # The ministry opens a consultation from the migration-marker template.
    login("ministry_editor")
    page.goto(live_server.url + "/consultations/open/")
    page.get_by_label("Start from a question template").select_option("migration-marker-review")
    page.get_by_role("button", name="Use template").click()
    page.get_by_label("Title").fill("Browser-tested strategy")
    page.get_by_label("Summary").fill("We want your view.")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Opens at").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes at").fill((now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    # Invited organisations is a searchable select (forum_site/widgets.py): type, Enter.
    page.locator("input[role=combobox]#id_invited_organisations").fill("Accra Metropolitan")
    page.get_by_role("option", name="Accra Metropolitan Assembly").wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    consultation = ConsultationPage.objects.get(title="Browser-tested strategy")
    assert consultation.live
    logout(page, live_server)

    # The city answers every required question and submits.
    login("city_editor")
    page.goto(live_server.url + "/consultations/browser-tested-strategy/")
    page.get_by_role("link", name="Respond").click()
    page.get_by_label("Yes, explicitly and throughout the policy").check()
    page.get_by_label("For some indicators only").check()
    questions = list(consultation.questions.all())
    scale_questions = [q for q in questions if q.kind == "scale"]
    for question in scale_questions:
        page.locator(f"input[name=q_{question.pk}][value='4']").check()
    page.get_by_label("Yes, a dedicated budget line").check()
    yes_no = next(q for q in questions if q.kind == "yes_no")
    page.locator(f"input[name=q_{yes_no.pk}][value='yes']").check()
    page.get_by_label("May be published with our organisation's name").check()
    text_question = next(q for q in questions if q.kind == "text")
    page.get_by_label(text_question.text, exact=False).first.fill("Our municipal data desk.")
    page.get_by_role("button", name="Submit response").click()
    assert page.get_by_text("Your response is submitted").is_visible()
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.submission_count == 1
    logout(page, live_server)

    # Time passes: the consultation closes. The ministry publishes the outcome.
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    login("ministry_editor")
    page.goto(live_server.url + f"/consultations/{consultation.pk}/dashboard/")
    assert page.get_by_text("1 of 1 organisations submitted a response").is_visible()
    page.get_by_role("link", name="Outcome").first.click()
    page.get_by_label("Summary of the outcome").fill("Thank you, Accra.")
    page.locator("#id_items-0-heard").fill("Data is published for some indicators only.")
    page.locator("#id_items-0-will_do").fill("We will publish municipal data every year.")
    page.get_by_role("button", name="Publish the outcome").click()
    page.wait_for_url("**/consultations/browser-tested-strategy/")
    assert page.get_by_role(
        "heading", name="Outcome: what we heard and what we will do"
    ).is_visible()
    assert page.get_by_text("We will publish municipal data every year.").is_visible()
    assert page.get_by_text("Accra Metropolitan Assembly").first.is_visible()
