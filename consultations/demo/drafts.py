"""The demo draft text: the invited-only Ghana consultation carries a draft
strategy, with comments and proposed wordings from the invited cities."""

from consultations import drafts
from consultations.models import DraftText, ParagraphProposal
from forum_site.discussions import services as discussions

SLUG = "national-labour-migration-strategy-ghana"

DRAFT_TITLE = "National Labour Migration and Local Integration Strategy 2027–2031 (draft)"

DRAFT_HTML = """
<h1>1. Purpose and scope</h1>
<p>This strategy sets out how the Government of Ghana, together with metropolitan, municipal
and district assemblies, will govern labour migration and support the local integration of
migrants, returnees and their families between 2027 and 2031.</p>
<p>It applies to internal migrants moving between regions, to nationals of ECOWAS member states
exercising their right of free movement, and to Ghanaians returning from work abroad.</p>
<h1>2. Principles</h1>
<p>The strategy rests on three principles: the dignity and rights of every migrant; decisions
taken as close as possible to the people they affect; and policy based on reliable,
disaggregated data.</p>
<p>Local authorities are the first point of contact for newcomers. National programmes will
therefore be designed with them, funded through them where possible, and evaluated with them.</p>
<h1>3. Priorities for 2027–2031</h1>
<p>The Ministry proposes five priorities:</p>
<ol>
<li>Register every newcomer within thirty days of arrival, through district registration desks.</li>
<li>Open one-stop welcome desks in the ten metropolitan and municipal assemblies with the most
arrivals.</li>
<li>Recognise foreign and informal qualifications through a single national procedure.</li>
<li>Offer language and orientation courses free of charge in every district.</li>
<li>Publish migration statistics by district every year.</li>
</ol>
<h2>3.1 Registration and documentation</h2>
<p>District registration desks will issue a provisional residence record on the day of
registration. The record gives access to public health care, schooling and the labour
exchange until permanent documents are issued.</p>
<p>Assemblies will report the number of registrations to the Ministry every quarter.</p>
<h2>3.2 Welcome desks</h2>
<p>Welcome desks bring civil registration, health insurance enrolment, school placement and job
counselling under one roof. The Ministry will fund staff for three years; assemblies provide
premises and take over the running costs from the fourth year.</p>
<h1>4. Funding</h1>
<p>The indicative budget below covers the national contribution. Assemblies may apply for
co-funding of local measures through the District Assemblies Common Fund.</p>
<table>
<tr><th>Measure</th><th>2027</th><th>2028–2031 (per year)</th></tr>
<tr><td>District registration desks</td><td>GHS 6 million</td><td>GHS 4 million</td></tr>
<tr><td>Welcome desks (10 assemblies)</td><td>GHS 12 million</td><td>GHS 9 million</td></tr>
<tr><td>Language and orientation courses</td><td>GHS 5 million</td><td>GHS 5 million</td></tr>
<tr><td>Migration statistics</td><td>GHS 1.5 million</td><td>GHS 1 million</td></tr>
</table>
<h1>5. Governance and monitoring</h1>
<p>A national steering committee chaired by the Ministry of the Interior will meet twice a year.
It brings together the ministries concerned, the Ghana Statistical Service and two
representatives of local authorities.</p>
<p>The Ministry will publish a progress report every year and a mid-term review in 2029, to
which assemblies, civil society and migrants' associations will be invited to contribute.</p>
"""

# (the paragraph's first words, username, organisation slug, comment, proposed wording or None)
COMMENTS = [
    (
        "Register every",
        "city_editor",
        "accra",
        "Accra registers about 4,000 newcomers a month: a thirty-day "
        "target needs more than one desk per district in metropolitan areas.",
        "Register every newcomer within thirty days of arrival, through district registration "
        "desks and mobile registration teams in metropolitan areas.",
    ),
    (
        "Register every",
        "kumasi_editor",
        "kumasi",
        "Kumasi agrees with Accra; mobile teams worked well for our market traders.",
        None,
    ),
    (
        "Open one-stop",
        "kumasi_editor",
        "kumasi",
        "Ten assemblies is too few; Kumasi's outer districts receive "
        "most arrivals but are not metropolitan.",
        "Open one-stop welcome desks in the twenty assemblies with the most arrivals, whatever "
        "their size.",
    ),
    (
        "Open one-stop",
        "city_member",
        "accra",
        "The desk in Madina already does this informally.",
        None,
    ),
    (
        "Welcome desks bring",
        "city_editor",
        "accra",
        "Three years of national funding is short; running costs "
        "cannot move to assemblies without a new revenue source.",
        "The Ministry will fund staff for five years; from the sixth year, running costs are "
        "shared equally between the Ministry and the assembly.",
    ),
    (
        "Welcome desks bring",
        "kumasi_editor",
        "kumasi",
        "Kumasi supports a shared model after five years.",
        None,
    ),
    (
        "Measure",
        "city_editor",
        "accra",
        "Please add a line for interpreters in clinics and schools.",
        None,
    ),
    (
        "A national steering",
        "kumasi_editor",
        "kumasi",
        "Two seats for all local authorities is not enough.",
        "It brings together the ministries concerned, the Ghana Statistical Service, four "
        "representatives of local authorities and one of migrants' associations.",
    ),
    (
        "The strategy rests",
        "city_member",
        "accra",
        "Could the principles mention gender and children explicitly?",
        None,
    ),
    (
        "Assemblies will report",
        "city_editor",
        "accra",
        "Quarterly reporting is fine if the format is simple.",
        None,
    ),
]


def seed_draft_text(page, users, orgs):
    """Give the Ghana consultation its draft text and paragraph comments (once)."""
    if page.slug != SLUG or DraftText.objects.filter(consultation=page).exists():
        return 0
    drafts.replace_text(
        page, drafts.split_html(DRAFT_HTML), users["ministry_editor"], title=DRAFT_TITLE
    )
    paragraphs = drafts.current_paragraphs(page)
    posted = 0
    for i, (start, username, org_slug, body, proposed) in enumerate(COMMENTS):
        paragraph = next(p for p in paragraphs if p.text.startswith(start))
        thread = paragraph.get_thread()
        if proposed:
            comment = discussions.post_comment(
                thread,
                users[username],
                drafts.proposal_body(body, proposed),
                organisation=orgs[org_slug],
                language="en",
                client_id=f"demo-draft-{i}",
            )
            ParagraphProposal.objects.create(
                comment=comment,
                paragraph=paragraph,
                original_text=paragraph.text,
                proposed_text=proposed,
            )
        else:
            discussions.post_comment(
                thread,
                users[username],
                body,
                organisation=orgs[org_slug],
                language="en",
                client_id=f"demo-draft-{i}",
            )
        posted += 1
    welcome = next(p for p in paragraphs if p.text.startswith("Open one-stop"))
    reply_to = welcome.get_thread().comments.order_by("pk").first()
    discussions.post_comment(
        reply_to.thread,
        users["ministry_editor"],
        "Noted: we will model the cost of twenty desks before the final text.",
        parent=reply_to,
        organisation=orgs["gh-interior"],
        language="en",
        client_id="demo-draft-reply",
    )
    return posted + 1
