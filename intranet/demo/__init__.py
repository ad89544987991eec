"""Deterministic demo data for three cooperating municipalities, as import-format lines.

The same seed gives the same lines on every run, so `seed_demo` loads them through the normal
import (intranet.directory_import) and a second run changes nothing.
"""

import json
import random

from intranet.demo.contacts import contact_lines, interaction_lines
from intranet.demo.content import feed_lines
from intranet.demo.groups import group_lines, membership_lines, memberships
from intranet.demo.network import (
    former_staff_lines,
    handover_contact_lines,
    handover_interaction_lines,
    partnership_lines,
)
from intranet.demo.organisations import organisation_lines, unit_lines
from intranet.demo.people import people_lines
from intranet.demo.questions import open_question_lines
from intranet.demo.skills import skill_lines

SEED = 20261123


def demo_records() -> list[dict]:
    rng = random.Random(SEED)
    people = people_lines(rng)
    feed, writers = feed_lines(people)
    roles = memberships(rng, people)
    for group, person in writers:
        roles.setdefault((group, person), "member")  # everyone who wrote in a group belongs to it
    return [
        *organisation_lines(),
        *skill_lines(),
        *unit_lines(),
        *people,
        *group_lines(),
        *membership_lines(roles),
        *contact_lines(),
        *interaction_lines(),
        *feed,
        # Added later: a real handover and partnerships (appended so earlier lines keep their numbers).
        *former_staff_lines(),
        *partnership_lines(),
        *handover_contact_lines(),
        *handover_interaction_lines(),
        *open_question_lines(people),
    ]


def demo_lines() -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in demo_records()]
