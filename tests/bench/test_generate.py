"""The benchmark's data generator (bench/generate.py) makes consistent, realistic data."""
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Article, Assignment, Claim, ClaimEvent, ClaimEvidence, Evidence, Membership

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import FINAL, NEEDS_EVIDENCE, generate  # noqa: E402


def test_generated_project_is_consistent(app, db_url):
    ids = generate(db_url, articles=50, claims=1500, seed=3)
    pid = ids["project_id"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)
                                 .where(Article.project_id == pid)) == 50
        assert db.session.scalar(select(func.count()).select_from(Claim)
                                 .where(Claim.project_id == pid)) == 1500
        texts = dict(db.session.execute(select(Article.id, Article.text)).all())
        claims = db.session.execute(select(
            Claim.id, Claim.article_id, Claim.quote, Claim.start_offset, Claim.end_offset,
            Claim.prefix, Claim.suffix, Claim.status, Claim.rationale, Claim.named, Claim.version)).all()
        for c in claims:
            text = texts[c.article_id]   # the foreign key points at a real article
            assert text[c.start_offset:c.end_offset] == c.quote
            assert c.prefix == text[max(0, c.start_offset - 32):c.start_offset]
            assert c.suffix == text[c.end_offset:c.end_offset + 32]
            if c.status in FINAL:
                assert c.rationale
        assert any(any(ord(ch) > 0xFFFF for ch in t) for t in texts.values())   # emoji
        assert any("\u0600" <= ch <= "\u06ff" for t in texts.values() for ch in t)   # Arabic
        # The article with 500 claims.
        per_article = Counter(c.article_id for c in claims)
        assert per_article[ids["big_article_id"]] == 500
        # Statuses roughly as asked: most not final, a minority final.
        status = Counter(c.status for c in claims)
        final = sum(n for s, n in status.items() if s in FINAL) / len(claims)
        assert 0.25 < final < 0.45, status
        assert 0.35 < status["unreviewed"] / len(claims) < 0.55, status
        assert Counter(c.named for c in claims)["unnamed"] > len(claims) * 0.2
        # Every claim has exactly one "created" event at version 1; versions match the trail.
        created = Counter(db.session.scalars(select(ClaimEvent.claim_id).where(
            ClaimEvent.action == "created", ClaimEvent.version == 1)))
        assert all(created[c.id] == 1 for c in claims)
        last = dict(db.session.execute(select(ClaimEvent.claim_id, func.max(ClaimEvent.version))
                                       .group_by(ClaimEvent.claim_id)).all())
        assert all(last[c.id] == c.version for c in claims)
        # Evidence where a status needs it, pointing at real evidence of the project.
        linked = set(db.session.scalars(select(ClaimEvidence.claim_id).join(
            Evidence, Evidence.id == ClaimEvidence.evidence_id).where(Evidence.project_id == pid)))
        assert all(c.id in linked for c in claims if c.status in NEEDS_EVIDENCE)
        # Assignments and members.
        assert db.session.scalar(select(func.count()).select_from(Assignment)) > 10
        roles = Counter(db.session.scalars(select(Membership.role).where(Membership.project_id == pid)))
        assert roles["lead"] >= 2 and roles["annotator"] >= 4 and roles["viewer"] >= 1
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(db.text("PRAGMA foreign_key_check")).all() == []
    # Ids continue after the generated rows: the app can add rows of its own (PostgreSQL sequences).
    with app.app_context():
        from webapp.services import projects, users
        user = users.create_user("after", "After", "bench password 12345")
        project = projects.create_project("After", user)
        db.session.add(Evidence(project_id=project.id, url="https://example.org", created_by_id=user.id))
        db.session.commit()


def test_generated_reports_form_clusters_graded_by_the_rule(app, db_url):
    """Independent reports of one incident in several articles are a cluster whose stored grade,
    report count and origin count are what the application computes again from the reports,
    their chains, figures and copies; the copies stored are planted ones."""
    from webapp.corroboration import clusters as cluster_rules
    from webapp.models.copy import ArticleCopy
    from webapp.models.cluster import ClaimCluster, ClusterMember
    from webapp.models.figure import ClaimFigure
    from webapp.models.hop import ClaimHop

    ids = generate(db_url, articles=600, claims=2400, seed=5)
    pid = ids["project_id"]
    planted = {(original, copy) for original, copy, _how in ids["planted_copies"]}
    with app.app_context():
        found = db.session.scalars(select(ClaimCluster).where(ClaimCluster.project_id == pid)).all()
        assert len(found) >= 5
        grades, collapsed = Counter(), 0
        for cluster in found:
            members = db.session.execute(select(Claim.article_id).join(
                ClusterMember, ClusterMember.claim_id == Claim.id)
                .where(ClusterMember.cluster_id == cluster.id)).scalars().all()
            assert len(set(members)) >= 2 and len(members) == cluster.reports
            rows, assessment = cluster_rules.assess(cluster.id)
            assert (cluster.grade, cluster.reports, cluster.origins) == (
                assessment.grade, len(rows), len(assessment.origins)), cluster.grade_reason
            grades[cluster.grade] += 1
            collapsed += cluster.origins < cluster.reports
        assert len(grades) >= 2 and collapsed >= 1, grades
        # Every report's link is an event in its trail.
        linked = Counter(db.session.scalars(select(ClaimEvent.claim_id).where(
            ClaimEvent.action == "cluster_linked", ClaimEvent.project_id == pid)))
        assert sum(linked.values()) == sum(c.reports for c in found) and max(linked.values()) == 1
        # Chains and figures are stored; copies found by text are planted ones.
        assert db.session.scalar(select(func.count()).select_from(ClaimHop)) > 100
        assert db.session.scalar(select(func.count()).select_from(ClaimFigure)) > 100
        copies = db.session.execute(select(ArticleCopy.original_id, ArticleCopy.copy_id)
                                    .where(ArticleCopy.project_id == pid)).all()
        assert copies and {tuple(c) for c in copies} <= planted
        assert db.session.scalar(select(func.count()).select_from(Evidence).where(
            Evidence.project_id == pid, Evidence.origin_source_id.is_not(None))) > 0
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(db.text("PRAGMA foreign_key_check")).all() == []
