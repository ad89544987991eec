from people.models.contacts import ExternalContact, Interaction
from people.models.evidence import SkillEndorsement, SkillProposal
from people.models.identity_providers import IdentityProvider
from people.models.organisations import Organisation, Unit
from people.models.partnerships import Partnership
from people.models.profiles import Profile, ProfileSkill
from people.models.skills import Skill
from people.models.users import User

__all__ = [
    "ExternalContact",
    "IdentityProvider",
    "Interaction",
    "Organisation",
    "Partnership",
    "Profile",
    "ProfileSkill",
    "Skill",
    "SkillEndorsement",
    "SkillProposal",
    "Unit",
    "User",
]
