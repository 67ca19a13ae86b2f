"""The movers' slope chart names units that end on neighbouring ranks without putting one name
on top of another: positions worked out by hand on a crafted frame of 63 ranks.

The chart is 620 px tall with a one-line title: 62 px of title margin and 40 px below leave a
518 px plot for ranks 0 to 64, 8.09375 px a rank. A line of 11 px text takes 1.3 × 11 + 2 = 16.3 px
(2.0139 ranks), one of 14 px (the focus province's names) 20.2 px (2.4958 ranks)."""

import pandas as pd
import pytest

from dti import charts

PX_PER_RANK = 518 / 64
LINE_11 = 16.3 / PX_PER_RANK
LINE_14 = 20.2 / PX_PER_RANK


def _changes(rows):
    """rows: (code, name, from_rank, to_rank, to_rank_provenance)."""
    frame = pd.DataFrame(rows, columns=["province_code", "province_name", "from_rank", "to_rank",
                                        "to_rank_provenance"])
    return frame.assign(rank_change=frame["from_rank"] - frame["to_rank"], from_rank_provenance="published",
                        is_from_rank_uncertain=False, is_to_rank_uncertain=False)


# A and B end on 6 and 7, C and D on 43 and 44 (the pairs Hà Nội / Bình Dương and Phú Thọ /
# Vĩnh Phúc of 2022 → 2023); the focus F ends on rank 1, against the top of the axis; E held its
# rank and is not named.
CHANGES = _changes([("a", "A", 20, 6, "computed"), ("b", "B", 19, 7, "published"), ("c", "C", 30, 43, "computed"),
                    ("d", "D", 31, 44, "derived"), ("e", "E", 50, 50, "published"), ("f", "F", 3, 1, "published")])


def _labels(fig):
    return {a.text: a for a in fig.layout.annotations if a.name == charts.RANK_LABEL}


def test_names_of_neighbouring_ranks_are_spread_a_line_apart_around_their_ranks():
    labels = _labels(charts.rank_slopes(CHANGES, 2022, 2023, 63, "f", "T"))
    # Every unit that moved is named, its rank with its mark and its move; the focus at both ends.
    assert set(labels) == {"A 6* (+14)", "B 7 (+12)", "C 43* (-13)", "D 44† (-13)", "F 3", "1 (+2)"}
    # Each pair keeps its middle (6.5, 43.5) and stands one 11 px line apart.
    assert labels["A 6* (+14)"].ay == pytest.approx(6.5 - LINE_11 / 2)
    assert labels["B 7 (+12)"].ay == pytest.approx(6.5 + LINE_11 / 2)
    assert labels["C 43* (-13)"].ay == pytest.approx(43.5 - LINE_11 / 2)
    assert labels["D 44† (-13)"].ay == pytest.approx(43.5 + LINE_11 / 2)
    # F's 14 px name at rank 1 would stick out above rank 0: it sits half a line below the top.
    assert labels["1 (+2)"].ay == pytest.approx(LINE_14 / 2)
    assert labels["F 3"].ay == 3  # alone on the left: where its point is
    # The leader of each name starts at its own point.
    assert [(labels[text].x, labels[text].y) for text in ("F 3", "A 6* (+14)", "D 44† (-13)")] == [
        (0, 3), (1, 6), (1, 44)]


@pytest.mark.parametrize("presenting", [False, True])
def test_no_two_names_on_one_side_overlap(presenting):
    fig = charts.rank_slopes(CHANGES, 2022, 2023, 63, "f", "T")
    if presenting:  # 18 px names on a plot of 620 - 78 - 10 px: the names spread further
        fig = charts.presenter_layout(fig, keep_height=True)
    px_per_rank = (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b) / 64
    assert px_per_rank == pytest.approx(532 / 64 if presenting else PX_PER_RANK)
    right = sorted((a for a in _labels(fig).values() if a.x == 1), key=lambda a: a.ay)
    for above, below in zip(right, right[1:]):
        need = (charts.label_line_px(above.font.size) + charts.label_line_px(below.font.size)) / 2
        assert (below.ay - above.ay) * px_per_rank >= need - 1e-9, (above.text, below.text)
    if presenting:  # A and B: 6.5 ∓ half an 18 px line, 25.4 px = 3.0556 ranks
        assert _labels(fig)["A 6* (+14)"].ay == pytest.approx(6.5 - 25.4 / (532 / 64) / 2)


def test_a_group_that_reaches_an_end_of_the_axis_stays_inside_it():
    # Three names 2 ranks tall wanting 1, 2, 3 on an axis from 0: the top one's upper edge on 0.
    assert charts.spread_apart([2, 1, 3], [2, 2, 2], 0, 64) == [3, 1, 5]
    # And at the bottom (64), in the order given.
    assert charts.spread_apart([63, 64, 62], [2, 2, 2], 0, 64) == [61, 63, 59]
    # Far enough apart already: nobody moves.
    assert charts.spread_apart([10, 20], [2, 2], 0, 64) == [10, 20]
