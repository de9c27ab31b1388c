"""From links to families: cliques keep chains apart and let a bundled problem sit in two families."""

import pytest

from tracing.grouping import group


def test_chain_is_two_families_and_the_middle_problem_is_in_both():
    # 0~1 (误餐补贴), 1~2 (公车私用): problem 1 bundles both issues; 0 and 2 are about different things
    fams = group([(0, 1, 0.9), (1, 2, 0.8)], reports=["a", "b", "c"], method="cliques")
    assert sorted(sorted(f) for f in fams) == [[0, 1], [1, 2]]


def test_louvain_lets_a_problem_linked_to_a_whole_second_family_join_it():
    # two triangles {0,1,2} and {3,4,5}; problem 6 linked to all of the first and to 3 only
    tri = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9), (3, 4, 0.9), (3, 5, 0.9), (4, 5, 0.9)]
    links = tri + [(6, 0, 0.6), (6, 1, 0.6), (6, 2, 0.6), (6, 3, 0.5)]
    fams = group(links, reports=list("abcabcd"), method="louvain")
    assert any({0, 1, 2, 6} <= f for f in fams)
    assert not any(6 in f and 4 in f for f in fams)


def test_clique_missing_one_link_is_merged():
    links = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9), (0, 3, 0.8), (1, 3, 0.8)]  # 2~3 missing
    assert [sorted(f) for f in group(links, reports=["a", "b", "c", "d"], method="cliques")] == [[0, 1, 2, 3]]


def test_family_within_one_report_is_dropped():
    assert group([(0, 1, 0.9)], reports=["a", "a"]) == []


def test_louvain_and_components():
    links = [(0, 1, 0.9), (1, 2, 0.8)]
    assert [sorted(f) for f in group(links, ["a", "b", "c"], method="components")] == [[0, 1, 2]]
    assert sum(len(f) for f in group(links, ["a", "b", "c"], method="louvain")) == 3


def test_unknown_method_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown grouping method 'kmeans'"):
        group([], [], method="kmeans")


def test_a_bundled_problem_linked_to_two_whole_families_is_in_both():
    tri = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9), (3, 4, 0.9), (3, 5, 0.9), (4, 5, 0.9)]
    links = tri + [(6, i, 0.5) for i in range(6)]
    fams = group(links, reports=list("abcabcd"), method="louvain")
    assert any({0, 1, 2, 6} <= f for f in fams) and any({3, 4, 5, 6} <= f for f in fams)
    assert not any({0, 3} <= f for f in fams)


def test_average_linkage_keeps_two_topic_neighbours_apart_across_a_bridge():
    # two tight triangles with one link between them (a shared topic): the bridge alone does not merge them
    tri = [(0, 1, 0.9), (0, 2, 0.8), (1, 2, 0.85), (3, 4, 0.9), (3, 5, 0.8), (4, 5, 0.85)]
    fams = group([*tri, (2, 3, 0.6)], reports=list("abcdef"))
    assert sorted(sorted(f) for f in fams) == [[0, 1, 2], [3, 4, 5]]
    assert [sorted(f) for f in group([*tri, (2, 3, 0.6)], reports=list("abcdef"), method="components")] == [
        [0, 1, 2, 3, 4, 5]]


def test_average_linkage_newcomer_must_link_to_most_of_the_group():
    tri = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9)]
    # 3 is linked to one member only: mean 0.7 / 3 < MERGE_AT; 4 to two of three: mean 1.4 / 3 >= MERGE_AT
    fams = group([*tri, (3, 0, 0.7), (4, 0, 0.7), (4, 1, 0.7)], reports=list("abcde"))
    assert sorted(sorted(f) for f in fams) == [[0, 1, 2, 4]]


def test_average_linkage_lets_a_bundled_problem_join_a_second_whole_family():
    tri = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9), (3, 4, 0.9), (3, 5, 0.9), (4, 5, 0.9)]
    fams = group(tri + [(6, i, 0.6) for i in range(6)], reports=list("abcabcd"))
    assert any({0, 1, 2, 6} <= f for f in fams) and any({3, 4, 5, 6} <= f for f in fams)
    assert not any({0, 3} <= f for f in fams)


def test_a_family_never_holds_two_problems_of_one_report():
    # 0 and 1 are two problems of report a, both close to 2 and 3: one report does not list a problem twice
    links = [(0, 2, 0.9), (0, 3, 0.85), (2, 3, 0.9), (1, 2, 0.8), (1, 3, 0.75), (0, 1, 0.9)]
    fams = group(links, reports=["a", "a", "b", "c"])
    assert sorted(sorted(f) for f in fams) == [[0, 2, 3], [1, 2, 3]]
    assert group(links, reports=["a", "a", "b", "c"], method="components") == [{0, 1, 2, 3}]


def test_two_problems_of_one_report_share_a_bundled_problem_in_sibling_families():
    # report a: 0 公示期不足 and 1 未与考察对象面谈; reports b and c: 2 and 3 bundle both
    links = [(0, 2, 0.9), (0, 3, 0.8), (2, 3, 0.9), (1, 2, 0.8), (1, 3, 0.7)]
    fams = sorted(sorted(f) for f in group(links, reports=["a", "a", "b", "c"]))
    assert fams == [[0, 2, 3], [1, 2, 3]]


def test_a_sibling_family_needs_the_same_average_as_a_merge():
    links = [(0, 2, 0.9), (0, 3, 0.8), (2, 3, 0.7), (1, 2, 0.4)]  # 1's mean with {2, 3}: 0.2 < MERGE_AT
    assert sorted(sorted(f) for f in group(links, reports=["a", "a", "b", "c"])) == [[0, 2, 3]]
