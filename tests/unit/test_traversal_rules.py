"""The traversal queries (queries/network/) apply one rule for who a person may be seen as (the
person_kind fragment) and one for which links may be followed (the link_readable fragment), and
each matches the policy's tables."""

import re

from app.access.links import LINK_CLASS, RESIDENCE_CLASS
from app.core.enums import LinkType, NodeKind
from app.settings import PROJECT_ROOT
from tests.unit.test_redaction import flat

QUERIES = PROJECT_ROOT / "queries"
TRAVERSALS = sorted(QUERIES.glob("network/*.cypher"))


FRAGMENTS = QUERIES / "_fragments"
LINK_RULE = flat((FRAGMENTS / "link_readable.cypher").read_text())
RESIDENCE = flat((FRAGMENTS / "residence_class.cypher").read_text())


def test_there_are_three_traversals() -> None:
    assert [p.stem for p in TRAVERSALS] == [
        "find_common_associates", "find_network", "find_shortest_path"]


def test_every_traversal_checks_people_and_links_with_the_same_rules() -> None:
    for path in TRAVERSALS:
        text = flat(path.read_text())
        # Which links are followed, and who a person may be seen as: on the way (or for the
        # people given) and in the answer.
        assert "@walk_step(r, a, b)" in text or "@link_readable(r, a, b)" in text, path.name
        assert "@chart_kind(b)" in text, path.name
        assert "IN $classes AND (r.handling" not in text, path.name
        assert "@person_kind" not in text, path.name
        # Every visibility check in the file is the person-kind rule's.
        assert "@visible_case" not in text, path.name


def test_a_place_is_shown_only_as_an_address_the_caller_may_see() -> None:
    for name in ("find_network", "find_shortest_path"):
        text = flat((QUERIES / f"network/{name}.cypher").read_text())
        assert ("CASE WHEN reached:Place THEN @place_shown(reached) ELSE reached END" in text
                or "CASE WHEN b:Place THEN @place_shown(b) ELSE b END" in text), name
        # A node's id and label come from what it is shown as, never from a Place itself.
        assert "[s IN shown | @chart_node(s)]" in text, name
    chart_node = flat((FRAGMENTS / "chart_node.cypher").read_text())
    assert "id: shown.shownAs.id" in chart_node
    assert "shown.node.line1" not in chart_node


def test_people_are_found_as_search_finds_them() -> None:
    search = flat((QUERIES / "person/search_people.cypher").read_text())
    assert "@person_kind(p) AS kind" in search


def test_each_link_is_followed_only_with_the_class_the_policy_names() -> None:
    for link, field_class in LINK_CLASS.items():
        assert re.search(rf"WHEN '{link.value}' THEN '{field_class.value}' IN \$classes", LINK_RULE)
    # A residence is followed as the step to its place (RESIDENT_OF), when one stood then: so
    # people who live at one place are one link from it whichever case recorded their address.
    followed = {link.value for link in LinkType} - {"RESIDES_AT"} | {"RESIDENT_OF"}
    assert followed == set(re.findall(r"WHEN '([A-Z_]+)' THEN", LINK_RULE))
    # ... with the class of whose residence it is, the resident being either end of the step.
    assert ("WHEN 'RESIDENT_OF' THEN (@lived_at(near, far) AND @residence_class(near) IN $classes)"
            " OR (@lived_at(far, near) AND @residence_class(far) IN $classes)") in LINK_RULE
    rc = RESIDENCE_CLASS
    assert (
        f"CASE WHEN resident:Offender THEN '{rc[NodeKind.OFFENDER].value}' "
        f"WHEN resident:Victim THEN '{rc[NodeKind.VICTIM].value}' "
        f"ELSE '{rc[NodeKind.NAMED_CONTACT].value}' END"
    ) in RESIDENCE
