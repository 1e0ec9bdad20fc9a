"""Demo comments on the consultations' discussion threads."""

from forum_site.discussions import services as discussions

COMMENTS = {
    "national-labour-migration-strategy-ghana": [
        ("ministry_editor", "gh-interior", "Welcome. Please raise questions about the draft here."),
        ("city_editor", "accra", "Will the strategy fund **district labour desks**?"),
        ("ministry_editor", "gh-interior", "Yes, section 4.2 plans pilots in five districts.", 1),
    ],
    "human-mobility-law-regulations-ecuador": [
        ("quito_editor", "quito", "Quito will share its data on arrivals by parish."),
        ("milan_editor", "milan", "Interesting: is the data disaggregated by status?", 0),
    ],
    "integration-fund-review-italy": [
        ("italy_ministry_editor", "it-labour", "Thank you all: the outcome is now published."),
        ("milan_editor", "milan", "Thanks. We look forward to the new cycle."),
    ],
}


def seed_comments(page, users, orgs):
    thread = page.get_thread()
    posted = []
    for i, entry in enumerate(COMMENTS.get(page.slug, [])):
        username, org_slug, body, *parent = entry
        parent_comment = posted[parent[0]] if parent else None
        comment = discussions.post_comment(
            thread,
            users[username],
            body,
            parent=parent_comment,
            organisation=orgs[org_slug],
            language="en",
            client_id=f"demo-{page.slug}-{i}",
        )
        posted.append(comment)
