"""messaging.rules.participating, the pure rule of direct and group conversations, on the cases the
generated scenes of test_rule_property.py reach only rarely: guests who each share a group with the
staff, but none with each other."""

from messaging.rules import participating

KAISA, GUS, GRETA = 1, 2, 3
HANKE, VERKOSTO = 10, 20


def test_two_guests_of_different_groups_with_a_colleague_in_both_drop_out_and_she_stays():
    groups_of = {KAISA: {HANKE, VERKOSTO}, GUS: {HANKE}, GRETA: {VERKOSTO}}
    assert participating({KAISA}, {GUS, GRETA}, groups_of) == {KAISA}


def test_two_guests_of_different_groups_do_not_talk_between_themselves():
    assert participating(set(), {GUS, GRETA}, {GUS: {HANKE}, GRETA: {VERKOSTO}}) == set()


def test_guests_sharing_a_group_with_each_other_and_the_colleague_take_part():
    groups_of = {KAISA: {HANKE}, GUS: {HANKE}, GRETA: {HANKE, VERKOSTO}}
    assert participating({KAISA}, {GUS, GRETA}, groups_of) == {KAISA, GUS, GRETA}
