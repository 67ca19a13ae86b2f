"""The sources behind the numbers: one query (queries/value_sources.sql), one builder
(dti/sources.py) for the screens' lines, the slides' short lines and the files' source sheets."""

import pandas as pd

from dti import briefing, sources


def test_the_slide_line_and_the_screen_line_name_the_same_sources(built_db):
    # Hậu Giang 2022: the rank from the official list (dti.gov.vn), the score from the compilation.
    screen = sources.source_line("p63", [2022], ["93"], ["dti"])
    assert screen.startswith("Nguồn: [dti.gov.vn](https://dti.gov.vn/xep-hang-2022) (cổng chính thức")
    assert "[github.com](" in screen
    assert sources.source_line("p63", [2022], ["93"], ["dti"], short=True) == "Nguồn: dti.gov.vn; github.com."


def test_a_slide_line_names_at_most_three_short_publishers():
    rows = pd.DataFrame({
        "year": [2022] * 5, "province_code": ["93"] * 5, "metric": ["dti"] * 5, "measure": ["score"] * 5,
        "provenance": ["published"] * 5, "value_kind": ["unit"] * 5,
        "source_url": [f"https://site{i}.vn/a" for i in range(5)],
        "publisher": ["site0.vn (a long description)", None, "site2.vn", "site3.vn", "site4.vn"],
        "tier": ["press/other"] * 5, "tier_label": ["báo chí"] * 5, "tier_order": [4] * 5})
    line = sources.slide_source_line(rows, [2022], False)
    assert line == "Nguồn: site0.vn; site1.vn; site2.vn; và 2 nguồn khác."
    in_english = sources.slide_source_line(rows, [2022], False, lang="en")
    assert in_english == "Sources: site0.vn; site1.vn; site2.vn; and 2 more."


def test_the_briefing_cites_the_national_mean_on_the_steps_that_draw_it(built_db):
    deck = briefing.build_briefing("93", 2022, "p63", steps=["headline", "indices"])
    # The 2022 national mean is published by soct.ninhthuan.gov.vn (data/national_stats.csv).
    assert "trung bình cả nước: soct.ninhthuan.gov.vn" not in deck.step("headline").source
    assert deck.step("indices").source.endswith("(trung bình cả nước: soct.ninhthuan.gov.vn).")
    assert deck.sources[0] == ("dti.gov.vn", "https://dti.gov.vn/xep-hang-2022")  # most trusted first
