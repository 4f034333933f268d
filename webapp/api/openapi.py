"""The OpenAPI 3.1 description of the API, as data, served at ``/api/v1/openapi.json``.

``tests/api/test_fuzz.py`` fuzzes every operation from it, so every status and body listed
here is what the app answers (and the app answers nothing that is not listed).
"""
from flask import jsonify

from ..access import public
from ..interop.annotation import MEDIA_TYPE
from .blueprint import bp
from .openapi_schemas import ID, SCHEMAS

PROBLEM = "application/problem+json"
PAGE = {"name": "page", "in": "query", "required": False, "description": "Page number, from 0.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 10000000, "default": 0}}
STATUS_TEXT = {
    400: "The request is malformed (bad JSON, a bad page number); nothing was saved.",
    401: "No working token: send `Authorization: Bearer <token>`.",
    403: "Your role in the project does not allow this (viewers read only).",
    404: "No such project, article or annotation — or you are not a member of the project.",
    410: "The annotation was deleted.",
    412: "If-Match does not name the current ETag: someone changed it since you read it. "
         "The answer carries the current ETag; nothing was saved.",
    413: "The body is larger than the limit (1 MB by default).",
    414: "The address (path and query) is longer than the server accepts (4096 bytes by default).",
    415: "The body is not application/ld+json or application/json (UTF-8).",
    422: "The annotation cannot be saved: unknown or null fields, a selector that does not "
         "match the article's text, a value the project's lists do not have.",
    428: "If-Match is missing, or is `*` (which names no version): send the ETag from GET.",
    503: "The database is busy; try again (see Retry-After).",
}


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.",
            "schema": ID}


def _errors(*codes: int) -> dict:
    return {str(code): {"$ref": f"#/components/responses/E{code}"} for code in (*codes, 401, 414, 503)}


def _json(schema_name: str, description: str, media: str = "application/json", **extra) -> dict:
    return {"description": description,
            "content": {media: {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}, **extra}


def _body(schema_name: str) -> dict:
    return {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def _created(description: str) -> dict:
    return _json("Cluster", description, headers={
        "Location": {"required": True, "schema": {"type": "string"}}})


WRITE_ERRORS = _errors(400, 403, 404, 413, 415, 422)   # a cluster write's refusals
ETAG_HEADER = {"ETag": {"description": "The annotation's strong validator; send it back in "
                                       "If-Match to PUT or DELETE.",
                        "required": True, "schema": {"type": "string"}}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
            "description": "The ETag of the annotation as you last read it. Without it, or with "
                           "`*` (which names no version and so would let a stale write through), "
                           "the answer is 428; with an ETag that is not the current one, 412.",
            "schema": {"type": "string"}}
ANNOTATION_BODY = {"required": True, "content": {
    MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/AnnotationIn"}},
    "application/ld+json": {"schema": {"$ref": "#/components/schemas/AnnotationIn"}},
    "application/json": {"schema": {"$ref": "#/components/schemas/AnnotationIn"}}}}
PROJECT_ARTICLE = [_path_id("project_id", "project"), _path_id("article_id", "article")]
SUGGESTION_STATUS = {"name": "status", "in": "query", "required": False,
                     "description": "Only the suggestions with this status (all when left out).",
                     "schema": {"enum": ["open", "accepted", "rejected"]}}

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Claimtrail API", "version": "1",
             "description": "Projects, articles and each article's claims as a W3C Web "
                            "Annotation Protocol container. Authenticate with a personal token "
                            "(account settings → API tokens). Errors are application/problem+json."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This description.", "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/projects": {"get": {
            "operationId": "listProjects", "summary": "Your projects (all, for an admin).",
            "responses": {"200": _json("ProjectList", "Your projects."), **_errors()}}},
        "/projects/{project_id}": {"get": {
            "operationId": "getProject", "summary": "One project, with your role in it.",
            "parameters": [_path_id("project_id", "project")],
            "responses": {"200": _json("Project", "The project."), **_errors(404)}}},
        "/projects/{project_id}/articles": {"get": {
            "operationId": "listArticles", "summary": "The project's articles, 50 a page.",
            "parameters": [_path_id("project_id", "project"), PAGE],
            "responses": {"200": _json("ArticleList", "One page of articles."),
                          **_errors(400, 404)}}},
        "/projects/{project_id}/articles/{article_id}": {"get": {
            "operationId": "getArticle", "summary": "One article with its exact text.",
            "parameters": PROJECT_ARTICLE,
            "responses": {"200": _json("Article", "The article."), **_errors(404)}}},
        "/projects/{project_id}/articles/{article_id}/annotations/": {
            "get": {
                "operationId": "getAnnotationContainer",
                "summary": "The article's claims as an annotation container (100 a page); "
                           "with ?page=N, one AnnotationPage.",
                "parameters": [*PROJECT_ARTICLE, PAGE],
                "responses": {"200": {"description": "The container or one page.", "content": {
                    MEDIA_TYPE: {"schema": {"anyOf": [
                        {"$ref": "#/components/schemas/Container"},
                        {"$ref": "#/components/schemas/AnnotationPage"}]}}}},
                    **_errors(400, 404)}},
            "post": {
                "operationId": "createAnnotation", "summary": "Mark a claim: POST an annotation (with the evidence its status needs).",
                "parameters": PROJECT_ARTICLE, "requestBody": ANNOTATION_BODY,
                "responses": {"201": _json("Annotation", "Created; Location names it.", MEDIA_TYPE,
                                           headers={**ETAG_HEADER, "Location": {
                                               "required": True, "schema": {"type": "string"}}}),
                              **_errors(400, 403, 404, 413, 415, 422)}}},
        "/projects/{project_id}/articles/{article_id}/annotations/{claim_id}": {
            "parameters": [*PROJECT_ARTICLE, _path_id("claim_id", "claim")],
            "get": {"operationId": "getAnnotation", "summary": "One claim as an annotation.",
                    "responses": {"200": _json("Annotation", "The annotation.", MEDIA_TYPE,
                                               headers=ETAG_HEADER), **_errors(404, 410)}},
            "put": {"operationId": "updateAnnotation",
                    "summary": "Replace the claim's fields (its span cannot change) and add the "
                               "evidence its assessing body lists that the claim does not have "
                               "yet. Fields the annotation does not carry keep their values.",
                    "parameters": [IF_MATCH], "requestBody": ANNOTATION_BODY,
                    "responses": {"200": _json("Annotation", "Saved; a new ETag.", MEDIA_TYPE,
                                               headers=ETAG_HEADER),
                                  **_errors(400, 403, 404, 410, 412, 413, 415, 422, 428)}},
            "delete": {"operationId": "deleteAnnotation",
                       "summary": "Delete the claim (its history is kept).",
                       "parameters": [IF_MATCH],
                       "responses": {"204": {"description": "Deleted."},
                                     **_errors(403, 404, 410, 412, 428)}}},
        "/projects/{project_id}/articles/{article_id}/suggestions": {"get": {
            "operationId": "listArticleSuggestions",
            "summary": "The likely claims suggested in the article, in text order, 100 a page.",
            "parameters": [*PROJECT_ARTICLE, SUGGESTION_STATUS, PAGE],
            "responses": {"200": _json("SuggestionList", "One page of suggestions."),
                          **_errors(400, 404)}}},
        "/projects/{project_id}/suggestions": {"get": {
            "operationId": "listSuggestions",
            "summary": "Every suggestion of the project, article by article, 100 a page.",
            "parameters": [_path_id("project_id", "project"), SUGGESTION_STATUS, PAGE],
            "responses": {"200": _json("SuggestionList", "One page of suggestions."),
                          **_errors(400, 404)}}},
        "/projects/{project_id}/clusters": {"post": {
            "operationId": "linkReports",
            "summary": "Link two reports of one claim (annotators and leads); an event on each "
                       "claim that moves, and the grade computed again.",
            "parameters": [_path_id("project_id", "project")],
            "requestBody": _body("ClusterLink"),
            "responses": {"201": _created("The cluster; Location names it."), **WRITE_ERRORS}}},
        "/projects/{project_id}/clusters/{cluster_id}": {"get": {
            "operationId": "getCluster",
            "summary": "One cluster: its grade and why, its reports grouped by independent "
                       "origin, the figure range.",
            "parameters": [_path_id("project_id", "project"), _path_id("cluster_id", "cluster")],
            "responses": {"200": _json("Cluster", "The cluster."), **_errors(404)}}},
        "/projects/{project_id}/clusters/{cluster_id}/split": {"post": {
            "operationId": "splitCluster",
            "summary": "Split reports off into a new cluster (annotators and leads); an event "
                       "on each claim that moves, and both grades computed again.",
            "parameters": [_path_id("project_id", "project"), _path_id("cluster_id", "cluster")],
            "requestBody": _body("ClusterSplit"),
            "responses": {"201": _created("The new cluster; Location names it."),
                          **WRITE_ERRORS}}},
        "/projects/{project_id}/clusters/{cluster_id}/merge": {"post": {
            "operationId": "mergeClusters",
            "summary": "Merge another cluster into this one (annotators and leads): its reports "
                       "move here, an event on each, and the grade computed again.",
            "parameters": [_path_id("project_id", "project"), _path_id("cluster_id", "cluster")],
            "requestBody": _body("ClusterMerge"),
            "responses": {"200": _json("Cluster", "This cluster, with the other's reports."),
                          **WRITE_ERRORS}}},
        "/projects/{project_id}/clusters/{cluster_id}/reports/{claim_id}": {
            "parameters": [_path_id("project_id", "project"), _path_id("cluster_id", "cluster"),
                           _path_id("claim_id", "claim")],
            "put": {
                "operationId": "markAdmission",
                "summary": "Mark (or unmark) the report as the admission of the party "
                           "concerned; an event on the claim, and the grade computed again.",
                "requestBody": _body("Admission"),
                "responses": {"200": _json("Cluster", "The cluster, graded again."),
                              **WRITE_ERRORS}},
            "delete": {
                "operationId": "unlinkReport",
                "summary": "Take a report out of its cluster (a cluster left with one report ends).",
                "responses": {"204": {"description": "Unlinked."}, **_errors(403, 404, 422)}}},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                       "description": "A personal API token (ct_…)."}},
        "schemas": SCHEMAS,
        "responses": {f"E{code}": {"description": text, "content": {
            PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for code, text in STATUS_TEXT.items()},
    },
}


@bp.route("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(SPEC)
