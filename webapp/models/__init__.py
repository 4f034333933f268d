"""The records of Claimtrail, one module per aggregate (see DOMAIN.md for the vocabulary)."""
from .article import Article, ArticleOriginal
from .assignment import ArticleEvent, Assignment
from .claim import Claim
from .cluster import ClaimCluster, ClusterMember
from .comment import Mention
from .copy import ArticleCopy, ArticleSignature
from .dashboard_snapshot import DashboardSnapshot
from .event import ClaimEvent
from .figure import ClaimFigure, VagueTerm
from .evidence import ClaimEvidence, Evidence
from .hop import ClaimHop
from .imported_annotation import ImportedAnnotation
from .job import Job
from .project import ListItem, Membership, Project
from .revision import ArticleCapture, ArticleRevision, ArticleWatch, ClaimAnchor
from .source import Source, SourceGrade
from .suggestion import Suggestion
from .token import ApiToken
from .user import AuthTicket, LoginThrottle, User

__all__ = [
    "ApiToken", "ArticleCapture", "ArticleRevision", "ArticleWatch", "ClaimAnchor", "DashboardSnapshot", "Job", "Article", "ArticleCopy", "ArticleEvent", "ArticleOriginal", "ArticleSignature", "Assignment", "Mention", "AuthTicket", "Claim", "ClaimCluster", "ClaimEvent", "ClaimHop", "ClusterMember", "ClaimEvidence", "ClaimFigure",
    "Evidence", "ImportedAnnotation", "ListItem", "LoginThrottle", "Membership", "Project", "Source", "SourceGrade", "Suggestion",
    "User", "VagueTerm",
]
