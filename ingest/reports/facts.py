"""How each catalog value reads in a report, and how times compare across units.

Compare, diff and review show the same facts; keeping their wording here means a value reads
the same in the matrix, the change list and the CSV. The words themselves (every code's zh
and en label, the phrases values are written in, the reports' headings) live in labels.json;
categories and precondition codes carry their labels beside them in the rule files.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..rules import load_rules
from ..schemas import load_schema

LANGUAGES = ("zh", "en")
LABELS_FILE = Path(__file__).resolve().parent / "labels.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=None)
def labels() -> dict:
    """Every code's zh and en label and the phrases values are written in: labels.json, and
    the labels of categories and precondition codes from the rule files that define them."""
    found = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
    found["category"] = {c["code"]: c["label"] for c in load_rules("taxonomy")["categories"]}
    found["precondition_code"] = load_rules("fields")["precondition_codes"]
    return found


def ui_text(report: str, lang: str) -> dict[str, str]:
    """The words of one report's headings and notes (labels.json `ui`) in language `lang`."""
    return {key: words[lang] for key, words in labels()["ui"][report].items()}


def report_language(records: list[dict]) -> str:
    """zh when the handbooks name their services in Chinese, else en."""
    names = [service["name"] for record in records for service in record["services"]]
    return "zh" if sum(bool(_CJK.search(name)) for name in names) * 2 >= len(names) else "en"


# Hours per unit, so that SLAs and durations stated in different units can be ranked.
WORKING_DAY_IN_NATURAL_DAYS = 1.4
HOURS_PER_UNIT = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "natural_day": 24.0,
                  "working_day": 24.0 * WORKING_DAY_IN_NATURAL_DAYS, "week": 24.0 * 7,
                  "month": 24.0 * 30}
_CODED_VALUE = re.compile(r"^(?:(\d+(?:\.\d+)?)-)?(\d+(?:\.\d+)?) ([a-z_]+)$")

_SPACE_NEAR_CJK = re.compile(r"\s+(?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])"
                             r"|(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])\s+")


@lru_cache(maxsize=None)
def category_order() -> tuple[str, ...]:
    """The taxonomy order of the published schema, which reports keep for their rows."""
    return tuple(load_schema("handbook")["$defs"]["category"]["enum"])


def plain_text(text: str) -> str:
    """Text with layout spaces dropped (PDF lines put spaces around numbers and at breaks),
    so that two editions compare by their words, not by their line breaks."""
    return _SPACE_NEAR_CJK.sub("", re.sub(r"\s+", " ", text)).strip()


def plain_lines(text: str) -> str:
    """`plain_text` line by line, for showing a text with its paragraphs."""
    return "\n".join(plain_text(line) for line in text.splitlines() if line.strip())


def hours(item: dict) -> float:
    """An SLA or duration limit in hours (a range by its upper bound)."""
    return item["value"] * HOURS_PER_UNIT[item["unit"]]


def _number(value: float) -> str:
    return f"{value:g}"


class Wording:
    """How codes and values read in one report language (labels.json)."""

    def __init__(self, lang: str):
        self.lang = lang

    def label(self, kind: str, code: str) -> str:
        return labels()[kind][code][self.lang]

    def _phrase(self, name: str, **values) -> str:
        return labels()["phrase"][name][self.lang].format(**values)

    def category(self, code: str) -> str:
        return self.label("category", code)

    def family(self, name: str) -> str:
        return self.label("family", name)

    def amount(self, number: float, unit: str, low: float | None = None) -> str:
        """`5个工作日`, `1–3 working days`: a number (or range) and its time unit."""
        entry = labels()["time_unit"][unit]
        word = entry.get("en_one", entry["en"]) if self.lang == "en" and number == 1 and low is None \
            else entry[self.lang]
        shown = f"{_number(low)}–{_number(number)}" if low is not None else _number(number)
        return self._phrase("amount", number=shown, unit=word)

    def time(self, item: dict) -> str:
        return self._phrase("up_to", amount=self.amount(item["value"], item["unit"], item.get("min")))

    def usage(self, item: dict) -> str:
        period = self.label("period", item["period"]) if item["period"] else None
        if item["unlimited"]:
            return self._phrase("unlimited_per", period=period) if period else self._phrase("unlimited")
        return self._phrase("uses_per", period=period, count=item["count"]) if period \
            else self._phrase("uses", count=item["count"])

    def duration(self, item: dict) -> str:
        return self.time(item)

    def sla(self, item: dict) -> str:
        return self._phrase("sla", time=self.time(item), party=self.label("party", item["party"]))

    def channel(self, item: dict) -> str:
        what = item.get("number") or item.get("name") or ""
        return f"{self.label('channel', item['type'])} {what}".strip()

    def handbook_wide(self, text: str) -> str:
        """A value written once for the whole handbook, not in the service's own text."""
        return self._phrase("handbook_wide", value=text)

    def precondition(self, item: dict) -> str:
        label = self.label("precondition_code", item["code"])
        return self._phrase("precondition_value", label=label, value=item["value"]) if item.get("value") \
            else label

    def coverage(self, key: str, number: int) -> str:
        return self._phrase("amount", number=number, unit=self.label("coverage", key))

    def summary(self, change: str, **values) -> str:
        """A diff change in one line (labels.json `ui.diff.summary_*`)."""
        return labels()["ui"]["diff"][f"summary_{change}"][self.lang].format(**values)

    def unit_note(self) -> str:
        return self._phrase("unit_note", working_day=_number(WORKING_DAY_IN_NATURAL_DAYS),
                            working_day_hours=_number(HOURS_PER_UNIT["working_day"]))

    def text(self, item: dict) -> str:
        return item["text"]

    def approximately(self, hours: float) -> str:
        """A time in hours, or minutes below one hour, rounded for reading."""
        if hours < 1:
            return self._phrase("minutes", minutes=_number(round(hours * 60, 1)))
        return self._phrase("hours", hours=_number(round(hours, 1)))

    def finding_value(self, value: str) -> str:
        """A contradiction's value as the catalog writes it (`1-3 working_day`, `30 cities`,
        `二级及以上`) in the report's words."""
        match = _CODED_VALUE.match(value)
        if not match:
            return value
        low, number, code = match.groups()
        if code in labels()["coverage"]:
            return self.coverage(code, int(float(number)))
        return self.amount(float(number), code, float(low) if low else None)


def sla_order(item: dict) -> tuple:
    """Provider promises before customer duties, each fastest first."""
    return (item["party"] != "provider", hours(item))


def coverage_items(service: dict) -> list[tuple[str, int, dict]]:
    """(key, number, evidence) for each coverage number the service states."""
    coverage = service["coverage"]
    return [(key, coverage[key], coverage["evidence"][key]) for key in labels()["coverage"]
            if coverage[key] is not None]


def service_passages(service: dict) -> list[dict]:
    """The service's own words as far as its record knows them: every value's evidence that
    is not inside an earlier one, in document order (like a section, without the heading)."""
    evidences = list(service["coverage"]["evidence"].values())
    for key, value in service.items():
        if isinstance(value, list) and key != "places":
            evidences += [item["evidence"] for item in value if isinstance(item, dict) and "evidence" in item]
    passages: list[dict] = []
    for evidence in sorted(evidences, key=lambda e: (e["start"], -e["end"])):
        if not passages or evidence["end"] > passages[-1]["end"]:
            passages.append(evidence)
    return passages


def stitched_text(passages: list[dict]) -> str:
    """Passages in document order joined into one text, each character once (passages may
    overlap); a gap between two passages becomes a line break."""
    pieces: list[str] = []
    covered = -1
    for passage in passages:
        if pieces and passage["start"] > covered:
            pieces.append("\n")
        pieces.append(passage["text"][max(0, covered - passage["start"]):])
        covered = passage["end"]
    return "".join(pieces)
