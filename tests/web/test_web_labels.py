"""Every figure a report can claim has a Chinese label on the report page (no raw keys shown)."""

from ingest.figures import CLAIM_KEYS, claimed_figures
from ingest.normalize import normalize_text
from web.filters import FIGURE_LABELS


def test_every_claim_key_has_a_label():
    assert not CLAIM_KEYS - set(FIGURE_LABELS), sorted(CLAIM_KEYS - set(FIGURE_LABELS))


def test_claim_keys_cover_what_claimed_figures_returns():
    intro = ("对照巡察反馈的4个方面12个主要问题，细化为具体问题49个，制定整改措施177条。68项整改任务已完成59项，"
             "正在推进的6项，需长期坚持的3项。建立完善制度12项。截至2023年5月15日，已完成整改47个。")
    found = claimed_figures(normalize_text(intro).text)
    assert found == {"aspects": 4, "main_problems": 12, "specific_problems": 49, "measures": 177,
                     "tasks_completed": 59, "tasks_in_progress": 6, "tasks_long_term": 3, "completed": 47,
                     "rules_made": 12, "as_of": "2023-05-15"}
    assert set(found) <= CLAIM_KEYS
