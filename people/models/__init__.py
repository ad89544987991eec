from people.models.contacts import ExternalContact, Interaction
from people.models.organisations import Organisation, Unit
from people.models.profiles import Profile, ProfileSkill
from people.models.skills import Skill
from people.models.users import User

__all__ = ["ExternalContact", "Interaction", "Organisation", "Profile", "ProfileSkill", "Skill", "Unit", "User"]
