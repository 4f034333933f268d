"""Projects and their members.

A lead adds a member by exact username (accounts are made by admins; only admins see the list
of accounts). The lead learns whether that account exists, as a colleague would: that is what
lets them catch a typo. The person is not asked first, but is told: the project is in their
list, with who added them and when.
"""
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Membership, Project, User
from ..models._time import utcnow
from ..models.project import ROLE_RANK, ROLES
from .errors import Duplicate, Invalid, NotFound
from .figures import add_default_vague_terms
from .lists import add_default_lists


def create_project(name: str, creator: User, description: str = "") -> Project:
    name = name.strip()
    if not name or len(name) > 200:
        raise Invalid({"name": "Give the project a name of at most 200 characters."})
    project = Project(name=name, description=description.strip())
    db.session.add(project)
    db.session.flush()
    add_default_lists(project)
    add_default_vague_terms(project)
    db.session.add(Membership(project_id=project.id, user_id=creator.id, role="lead"))
    db.session.flush()
    return project


def get_membership(project_id: int, user: User) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.project_id == project_id, Membership.user_id == user.id))


# Every project page and API call runs it: built once.
_PROJECT_AND_ROLE = (
    select(Project, Membership.role)
    .outerjoin(Membership, (Membership.project_id == Project.id)
               & (Membership.user_id == bindparam("user_id")))
    .where(Project.id == bindparam("project_id")))


def project_and_role(project_id: int, user: User) -> tuple[Project | None, str | None]:
    """The project and the user's role in it, in one query: (None, None) if it does not exist,
    (project, None) for an outsider; instance admins act as leads everywhere."""
    row = db.session.execute(_PROJECT_AND_ROLE, {"project_id": project_id,
                                                 "user_id": user.id}).first()
    if row is None:
        return None, None
    return row.Project, "lead" if user.is_admin else row.role


def role_in(project_id: int, user: User) -> str | None:
    """The user's role in the project; instance admins act as leads everywhere."""
    if user.is_admin:
        return "lead"
    membership = get_membership(project_id, user)
    return membership.role if membership else None


def has_role(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def fetch_projects_for(user: User) -> list[Project]:
    query = select(Project).order_by(Project.name)
    if not user.is_admin:
        query = query.join(Membership).where(Membership.user_id == user.id)
    return list(db.session.scalars(query))


def fetch_members(project_id: int) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.project_id == project_id)
        .order_by(User.username)))


def fetch_memberships_of(user: User) -> dict[int, Membership]:
    """The user's memberships by project id, with who added them (for their list of projects)."""
    rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id)
                              .options(selectinload(Membership.added_by)))
    return {membership.project_id: membership for membership in rows}


def add_member(project: Project, username: str, role: str, added_by: User | None = None) -> Membership:
    if role not in ROLES:
        raise Invalid({"role": "Choose a role: " + ", ".join(ROLES) + "."})
    name = username.strip().lower()
    user = db.session.scalar(select(User).where(User.username == name))
    if user is None:
        raise Invalid({"username": f"No account is named “{name}”. Usernames are exact; "
                                   "an admin makes new accounts."})
    if get_membership(project.id, user):
        raise Duplicate(f"{user.username} is already a member.")
    membership = Membership(project_id=project.id, user_id=user.id, role=role,
                            added_by_id=added_by.id if added_by else None,
                            added_at=utcnow() if added_by else None)
    db.session.add(membership)
    db.session.flush()
    return membership


def get_member(project_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.project_id != project_id:
        raise NotFound("No such member.")
    return membership


def set_role(membership: Membership, role: str) -> None:
    if role not in ROLES:
        raise Invalid({"role": "Choose a role: " + ", ".join(ROLES) + "."})
    membership.role = role


def remove_member(membership: Membership) -> None:
    db.session.delete(membership)
    db.session.flush()
