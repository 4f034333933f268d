"""Discussion: comments are events that leave the claim's version alone, replies thread under
their comment, and @mentions reach project members only."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, Mention
from webapp.services import claims as claim_service
from webapp.services import comments
from webapp.services.errors import Invalid
from tests.factories import add_member, make_article, make_claim, make_project, make_user


def _setup():
    lead, anna, vera, oscar = (make_user(n) for n in ("lena", "anna", "vera", "oscar"))
    project = make_project(lead)
    add_member(project, anna, "annotator")
    add_member(project, vera, "viewer")
    make_project(oscar, "Oscar's own")  # oscar has an account, but is not in the project
    claim = make_claim(make_article(project, lead), lead, "26 ISIS militants")
    return claim, lead, anna, vera, oscar


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _mentioned(event):
    return sorted(db.session.scalars(select(Mention.user_id).where(Mention.event_id == event.id)))


@pytest.mark.parametrize("text,names", [
    ("@anna look", ["anna"]),
    ("Ask @Anna, @vera.", ["anna", "vera"]),
    ("(@anna) and @anna again", ["anna"]),
    ("mail anna@example.org or x@anna", []),
    ("@a.b-c_d: done", ["a.b-c_d"]),
    ("@ alone, @@double", []),
])
def test_mentioned_usernames(text, names):
    assert comments.mentioned_usernames(text) == names


def test_a_comment_is_an_event_that_does_not_bump_the_version(ctx):
    claim, lead, anna, *_ = _setup()
    text = "  Is <b>this</b> the same fighter?\nCheck @anna  "
    event = comments.add_comment(claim, anna, text)
    db.session.commit()
    assert (event.action, event.actor_id, event.reason) == ("commented", anna.id, text)
    assert event.changes == {} and event.version == 1
    assert db.session.get(Claim, claim.id).version == 1
    # An edit made on version 1 is not stale because someone commented meanwhile.
    claim_service.update_claim(claim, lead, {"statement": "still mine"}, 1)
    db.session.commit()
    assert claim.version == 2


def test_mentions_reach_members_only(ctx):
    claim, lead, anna, vera, oscar = _setup()
    event = comments.add_comment(claim, anna, "@vera @oscar @nobody @anna @lena, see this")
    db.session.commit()
    # Members named get a mention (the viewer too); a non-member, an unknown name and the
    # author herself do not, and nothing is refused.
    assert _mentioned(event) == sorted([vera.id, lead.id])
    assert all(m.project_id == claim.project_id and m.seen_at is None
               for m in db.session.scalars(select(Mention)))
    assert event.reason == "@vera @oscar @nobody @anna @lena, see this"


def test_replies_point_at_their_comment_and_only_at_comments_of_this_claim(ctx):
    claim, lead, anna, *_ = _setup()
    first = comments.add_comment(claim, anna, "First")
    reply = comments.add_comment(claim, lead, "Answer", first.id)
    db.session.commit()
    assert reply.changes == {"reply_to": first.id}
    other = make_claim(claim.article, lead, "a fighter said")
    elsewhere = comments.add_comment(other, lead, "On another claim")
    created = claim_service.fetch_history(claim.id)[0]
    db.session.commit()
    events = _count(ClaimEvent)
    for target in (elsewhere.id, created.id, 987654):
        with pytest.raises(Invalid, match="only reply to a comment on this claim"):
            comments.add_comment(claim, anna, "Reply", target)
        db.session.rollback()
    assert _count(ClaimEvent) == events


@pytest.mark.parametrize("text,message", [
    ("", "Write a comment"), ("   \n ", "Write a comment"),
    ("a\x00b", "NUL"), ("broken \ud800 text", "surrogate"),
    ("x" * 5001, "at most 5000"),
])
def test_bad_comments_are_refused_and_nothing_is_written(ctx, text, message):
    claim, _lead, anna, *_ = _setup()
    events = _count(ClaimEvent)
    with pytest.raises(Invalid, match=message):
        comments.add_comment(claim, anna, text + (" @lena" if text.strip() else ""))
    db.session.rollback()
    assert (_count(ClaimEvent), _count(Mention)) == (events, 0)


def test_opening_the_claim_marks_only_my_mentions_on_it_seen(ctx):
    claim, lead, anna, vera, _oscar = _setup()
    other = make_claim(claim.article, lead, "a fighter said")
    comments.add_comment(claim, anna, "@vera @lena here")
    comments.add_comment(other, anna, "@vera there")
    db.session.commit()
    assert comments.has_unseen_mentions(claim, vera)
    assert comments.mark_mentions_seen(claim.id, vera.id) == 1
    db.session.commit()
    assert not comments.has_unseen_mentions(claim, vera)
    assert comments.has_unseen_mentions(other, vera) and comments.has_unseen_mentions(claim, lead)
    assert comments.mark_mentions_seen(claim.id, vera.id) == 0


def test_thread_puts_replies_under_their_comment_in_order(ctx):
    claim, lead, anna, *_ = _setup()
    a = comments.add_comment(claim, anna, "A")
    b = comments.add_comment(claim, lead, "B")
    a1 = comments.add_comment(claim, lead, "A1", a.id)
    claim_service.update_claim(claim, lead, {"statement": "edited"}, 1)
    a2 = comments.add_comment(claim, anna, "A2", a.id)
    a1x = comments.add_comment(claim, anna, "A1x", a1.id)
    db.session.commit()
    entries = comments.thread(claim_service.fetch_history(claim.id))
    assert [e.event.action for e in entries] == ["created", "commented", "commented", "edited"]
    thread_a = entries[1]
    assert thread_a.event.id == a.id and entries[2].event.id == b.id
    assert [r.event.id for r in thread_a.replies] == [a1.id, a2.id]
    assert [r.event.id for r in thread_a.replies[0].replies] == [a1x.id]
    assert thread_a.replies[0].replies[0].depth == 2
    assert comments.comment_count(entries) == 5


def test_very_deep_replies_stop_nesting(ctx):
    claim, lead, *_ = _setup()
    parent = comments.add_comment(claim, lead, "0")
    chain = [parent]
    for n in range(1, 8):
        chain.append(comments.add_comment(claim, lead, str(n), chain[-1].id))
    db.session.commit()
    entries = comments.thread(claim_service.fetch_history(claim.id))
    depth, node = 0, entries[1]
    while node.replies:
        node = node.replies[0]
        depth += 1
    assert depth == comments.MAX_DEPTH
    deepest = node.parent
    assert [r.event.reason for r in deepest.replies] == [str(n) for n in range(4, 8)]
