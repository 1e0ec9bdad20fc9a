"""The dashboard's aggregates: response rates by kind, country and region, and answers."""

import pytest

from consultations import dashboard

pytestmark = pytest.mark.django_db


def test_dashboard_aggregates(known):
    page, orgs = known
    data = dashboard.build(page)
    rates = data["rates"]
    assert (rates["overall"].invited, rates["overall"].responded) == (4, 3)
    assert rates["overall"].percent == 75.0
    by_kind = {r.label: (r.invited, r.responded) for r in rates["by_kind"]}
    assert by_kind == {"City or municipality": (3, 2), "Civil society organisation": (1, 1)}
    by_country = {r.label: (r.invited, r.responded) for r in rates["by_country"]}
    assert by_country == {"Ghana": (3, 2), "Italy": (1, 1)}
    by_region = {r.label: (r.invited, r.responded) for r in rates["by_region"]}
    assert by_region == {"Africa": (3, 2), "Europe": (1, 1)}
    summaries = {s.question.text: s for s in data["questions"]}
    pick_one = {b.label: (b.count, b.percent) for b in summaries["Pick one"].bars}
    assert pick_one == {"Red": (2, 66.7), "Green": (0, 0.0), "Blue": (1, 33.3)}
    many = {b.label: (b.count, b.percent) for b in summaries["Pick many"].bars}
    assert many == {"A": (1, 50.0), "B": (2, 100.0), "C": (0, 0.0)}
    rate = summaries["Rate it"]
    assert rate.mean == 3.0
    assert [b.count for b in rate.bars] == [0, 2, 0, 0, 1]
    assert {b.label: b.count for b in summaries["Agree?"].bars} == {"Yes": 2, "No": 1}
    texts = summaries["Tell us more"].texts
    assert sorted(texts) == [("Alpha City", "=SUM(1,2)"), ("Beta City", "Ciao, «città»")]
    assert "<svg" in summaries["Pick one"].chart and "Red" in summaries["Pick one"].chart
