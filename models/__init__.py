"""SQLModel data model and API schemas, one module per aggregate.

Importing this package registers every table on ``SQLModel.metadata`` (Alembic and tests rely on it).
"""

from models.audit import AuditEvent
from models.contract import Contract, EmploymentRequirement
from models.handoff import FormHandoff
from models.organisation import ApiKey, Organisation, User
from models.placement import FollowUp, Placement, Proposal, SupplierFeedback
from models.seeker import Eligibility, JobSeeker, MonitoringAttributes, SeekerDuplicate, SeekerIdentity
from models.shortlist import ReviewDecision, Shortlist, ShortlistEntry
from models.system import (
    EmbeddingVector,
    PoolSnapshot,
    RerankRun,
    ScorerModel,
    ShortlistState,
    SystemSetting,
)
from models.trust import AccessibilityReport, RateEvent
from models.vacancy import Vacancy

__all__ = [
    "AccessibilityReport",
    "ApiKey",
    "AuditEvent",
    "Contract",
    "Eligibility",
    "EmbeddingVector",
    "EmploymentRequirement",
    "FollowUp",
    "FormHandoff",
    "JobSeeker",
    "MonitoringAttributes",
    "Organisation",
    "Placement",
    "PoolSnapshot",
    "Proposal",
    "RateEvent",
    "RerankRun",
    "ReviewDecision",
    "ScorerModel",
    "SeekerDuplicate",
    "SeekerIdentity",
    "Shortlist",
    "ShortlistEntry",
    "ShortlistState",
    "SupplierFeedback",
    "SystemSetting",
    "User",
    "Vacancy",
]
