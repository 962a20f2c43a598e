"""The benchmark runs end to end on a tiny corpus and reports every figure (no timing checks)."""
import json

from ingest import bench


def _figure(report, dotted):
    value = report["results"]
    for key in dotted.split("."):
        value = value[key]
    return value


def test_bench_reports_every_figure_on_a_tiny_corpus(capsys, tmp_path):
    corpus = tmp_path / "corpus"
    assert bench.main(["--pages", "10", "--long-pages", "5", "--json",
                       "--corpus", str(corpus)]) == 0
    report = json.loads(capsys.readouterr().out)

    figures = [
        "bare_pdfplumber.pages_per_s",              # (1)
        "pipeline_jobs1.pages_per_s", "pipeline_jobs1.ratio_to_bare",  # (2)
        "pipeline_jobs2.pages_per_s", "pipeline_jobs2.speedup",        # (3)
        "machine_ceiling.one_seconds", "machine_ceiling.two_seconds", "machine_ceiling.speedup",
        "warm_cache.warm_seconds", "warm_cache.cold_seconds", "warm_cache.ratio",  # (4)
        "warm_cache.rule_change_seconds", "warm_cache.rule_change_ratio",
        "memory.peak_mib", "memory.peak_mib_double",                   # (5)
        "docx.docs_per_s", "text.docs_per_s",
        "long_document.ms_per_page", "long_document.ms_per_page_long",      # (6)
        "long_document.ratio", "long_document.extract_ms_per_page",
        "long_document.extract_ms_per_page_long", "long_document.extract_ratio",
        "one_file.run_seconds", "one_file.process_seconds", "one_file.ratio",  # (7)
    ]
    for dotted in figures:
        value = _figure(report, dotted)
        assert isinstance(value, (int, float)) and not isinstance(value, bool), dotted
        assert value > 0, dotted
    assert isinstance(report["results"]["memory"]["grew"], bool)
    for key in ("pipeline_jobs1", "pipeline_jobs2", "warm_cache", "docx", "text", "long_document"):
        assert report["results"][key]["failed"] == 0, key  # every copy reads like its source
    assert report["corpus"]["pdf_pages"] >= 10
    assert [report["results"]["long_document"][k] for k in ("pages", "pages_long")] == [5, 20]
    assert {"cpu_count", "cpu_model", "python"} <= report["machine"].keys()
    assert {t["figure"] for t in report["targets"]} == {
        "pipeline_jobs1.ratio_to_bare", "pipeline_jobs2.speedup", "warm_cache.ratio",
        "memory.growth", "long_document.ratio", "long_document.extract_ratio",
        "one_file.ratio"}
