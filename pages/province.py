"""Hồ sơ tỉnh: the press sentence, rank and score over the years, and the neighbours."""

import streamlit as st

from dti import charts, display, narrative, registry
from dti.formatting import format_score, generated_only, is_missing, marked_rank, with_provenance_mark
from dti.i18n import t
from ui.cache import cached_history, cached_query, cached_unit_rows
from ui.frame import page_frame
from ui.widgets import copy_button, export_buttons, metric, plotly_chart, provenance_legend, rank_delta, source_caption

with page_frame("nav.province", "province") as state:
    lang = state.lang
    if state.year is None:
        st.info(t("prov.no_year", lang))
        st.stop()

    ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                           year=state.year, metric="dti")
    row = ranking[ranking["province_code"] == state.province_code].iloc[0]
    history = cached_history(state.data_version, state.unit_set, state.province_code)
    # Method changes are data (the framework table), never literals here.
    frameworks = registry.frameworks_from_indicators(cached_query("indicators_by_framework", state.data_version))

    st.title(state.province_name)
    if state.unit_set == "p34":
        units = cached_query("units_in_set", state.data_version, unit_set="p34")
        former = units.loc[units["province_code"] == state.province_code, "former_province_names"].iloc[0]
        st.caption(t("prov.merged_from", lang, former=former))
    sentence = narrative.press_sentence(state.province_name, state.year, row, state.unit_count, lang=lang,
                                        unit_set=state.unit_set)
    st.markdown(f"### {sentence}")
    copy_button(sentence, lang)  # the sentence once; presenters paste it

    pillars = [(key, label) for key, label in (("cqs_rank", "dl.cqs_rank"), ("kts_rank", "dl.kts_rank"),
                                                ("xhs_rank", "dl.xhs_rank")) if not is_missing(row[key])]
    columns = st.columns(5)
    metric(columns[0], t("home.metric_rank", lang, year=state.year),
           marked_rank(row["rank"], row["rank_provenance"], row["is_rank_uncertain"], state.unit_count, lang),
           **rank_delta(row["rank_change"], lang))
    metric(columns[1], t("prov.metric_score", lang),
           with_provenance_mark(format_score(row["score"], lang=lang), row["score_provenance"]))
    for column, (key, label) in zip(columns[2:], pillars):  # pillars without a rank are not shown
        metric(column, t(label, lang), marked_rank(row[key], generated_only(row.get(f"{key}_provenance")),
                                                   row.get(f"is_{key}_uncertain"), lang=lang))
    if display.is_not_comparable(row["rank_change"], row["is_comparable"]):
        st.warning(t("prov.method_changed", lang, previous=int(row["previous_year"]), year=state.year))

    left, right = st.columns(2)
    with left:
        if history["rank"].isna().all():
            st.info(t("prov.no_history", lang))
        else:
            method_changes = [(year, display.short_decision(label, lang))
                              for year, label in registry.method_changes(frameworks)]
            plotly_chart(charts.rank_history, history, state.unit_count,
                         narrative.rank_history_title(history, state.province_name, lang=lang), method_changes, lang,
                         state=state, file_stem=f"thu-hang-{state.province_code}",
                         key=f"rank_history_{state.unit_set}_{state.province_code}")
    mean_label = state.units.mean_label(lang)  # 'Trung bình cả nước', 'Trung bình 102 xã, phường'
    with right:
        if history["score"].notna().any():
            plotly_chart(charts.score_history, history,
                         t("prov.score_chart_vs", lang, mean=mean_label[:1].lower() + mean_label[1:]), lang,
                         mean_label=mean_label, state=state, file_stem=f"diem-{state.province_code}",
                         key=f"score_history_{state.unit_set}_{state.province_code}")
        else:
            st.info(t("prov.no_scores", lang, name=state.province_name))

    st.subheader(t("prov.indices_heading", lang, year=state.year))
    indices = cached_unit_rows("province_indices_for_year", state.data_version, state.province_code,
                               unit_set=state.unit_set, year=state.year)
    strengths, weaknesses, rule = narrative.strengths_and_weaknesses(indices, row["rank"], lang=lang)
    if indices["score"].notna().any():
        chart_column, text_column = st.columns([3, 2])
        plotly_chart(charts.index_scores, indices,
                     t("prov.indices_chart", lang, name=state.province_name, year=state.year), lang,
                     state=state, where=chart_column, file_stem=f"chi-so-{state.province_code}-{state.year}",
                     key=f"indices_{state.unit_set}_{state.province_code}_{state.year}")
    else:
        text_column = st.container()
        text_column.info(t("prov.no_indices", lang, name=state.province_name, year=state.year))
    with text_column:
        if strengths or weaknesses:
            st.markdown(t("prov.strengths", lang, items="; ".join(strengths) or t("prov.none", lang)))
            st.markdown(t("prov.weaknesses", lang, items="; ".join(weaknesses) or t("prov.none", lang)))
        st.caption(rule)
    # Under both columns: five columns do not fit the side column at 1280×720.
    st.dataframe(display.only_informative(display.indices_display(indices, lang, mean_label)), hide_index=True,
                 width="stretch")

    st.subheader(t("prov.history_heading", lang))
    st.dataframe(display.only_informative(display.history_display(history, state.unit_count, lang, mean_label)),
                 hide_index=True, width="stretch")
    st.caption(t("prov.not_comparable", lang, periods=display.method_periods(frameworks, lang)))

    if state.unit_set == "p34":
        st.subheader(t("prov.formers_heading", lang))
        merged = {"from_unit_set": "p63", "to_unit_set": "p34", "province_code": state.province_code}
        formers = cached_query("former_province_histories", state.data_version, metric="dti", **merged)
        side_by_side = display.former_histories_display(formers, lang)
        year_column = t("tbl.year", lang)
        st.dataframe(side_by_side, hide_index=True, width="stretch",
                     column_config={column: st.column_config.TextColumn(width=60 if column == year_column else 160)
                                    for column in side_by_side.columns})
        st.caption(t("prov.formers_caption", lang))
        coverage = cached_query("merged_unit_rebuild_coverage", state.data_version, **merged)
        missing = coverage[coverage["rebuild_status"] == "not_rebuilt"]
        if missing.empty:
            st.caption(t("prov.all_rebuilt", lang))
        else:
            with st.expander(t("prov.not_rebuilt", lang, n=len(missing))):
                names = dict(zip(indices["indicator_code"], indices["name_vi"])) | {"dti": "DTI"}
                st.dataframe(display.rebuild_coverage_display(missing, names, lang, state.unit_count,
                                                              registry.unit_set(state.unit_set).noun(lang)),
                             hide_index=True, width="stretch")

    st.subheader(t("prov.gaps_heading", lang, year=state.year))
    gaps = cached_unit_rows("province_gaps", state.data_version, state.province_code, unit_set=state.unit_set,
                            year=state.year, metric="dti")
    if gaps.empty:
        st.info(t("prov.no_data", lang))
    else:
        st.dataframe(display.only_informative(display.gaps_display(gaps.iloc[0], ranking, lang, state.own_unit_title,
                                                                     mean_label)),
                     hide_index=True, width="stretch")
        st.caption(t("prov.gaps_caption", lang))
    provenance_legend(lang)
    source_caption(state=state, years=history["year"], province_codes=[state.province_code],
                   metrics=["dti", *indices["indicator_code"]], with_national_mean=True)
    export_buttons(state.province_code, state.year, state.unit_set, state.lang, chart_key="history",
                   version=state.data_version)
