"""HTML blueprints, one module per area."""


def register_blueprints(app) -> None:
    from . import account, admin, articles, auth, claims, exports, projects, sources

    for module in (auth, account, admin, projects, articles, claims, sources, exports):
        app.register_blueprint(module.bp)
    from . import assignments, queue  # issue 3: assignments and the queue
    for module in (assignments, queue):
        app.register_blueprint(module.bp)
    from . import evidence, reviews  # issue 3: second review, discussion, shared evidence
    for module in (reviews, evidence):
        app.register_blueprint(module.bp)
    from . import double_review  # issue 3: blind double review and agreement
    app.register_blueprint(double_review.bp)
    from . import jobs  # issue 4: background jobs (imports, fetches, exports)
    app.register_blueprint(jobs.bp)
    from . import fetches  # issue 4: import by URL
    app.register_blueprint(fetches.bp)
    from . import imports  # issue 4: bulk import
    app.register_blueprint(imports.bp)
    from . import claim_list, dashboard  # issue 5: the dashboard and its drill-down
    for module in (dashboard, claim_list):
        app.register_blueprint(module.bp)
    from ..forms.claims import FIELD_LABELS  # issue 10: one set of labels for every list of changes
    app.add_template_global(FIELD_LABELS, "field_labels")
    from . import chains, clusters  # issue 11: the attribution chain as data, claim clusters
    app.register_blueprint(chains.bp)
    app.register_blueprint(clusters.bp)
    from ..corroboration.figures import describe  # issue 11: figures as data, as people read them
    app.add_template_filter(describe, "figure")
    from . import site  # issue 10: the favicon at /favicon.ico
    app.register_blueprint(site.bp)
    from . import copies  # issue 11: copies are found, confirmed or split
    app.register_blueprint(copies.bp)
    from . import captures, provenance, revisions  # issue 12: revisions, re-anchoring, what changed
    app.register_blueprint(revisions.bp)
    app.register_blueprint(captures.bp)
    app.register_blueprint(provenance.bp)
    from . import orphans  # issue 12 (3): orphaned and changed claims resolved by a person
    app.register_blueprint(orphans.bp)
    from . import watching  # issue 12: watching pages for changes
    app.register_blueprint(watching.bp)
    from . import suggestions  # issue 13: machine suggestions in the reading view
    app.register_blueprint(suggestions.bp)
    # Static files are public by nature; declared so the route walker sees a rule for them.
    from ..access import PERMISSIONS
    PERMISSIONS["static"] = "public"
