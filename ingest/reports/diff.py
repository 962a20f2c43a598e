"""What changed between two editions of a handbook, judged from the insured's side.

Services are matched by category and name similarity; matched services are compared
field by field, each change carrying both editions' words. A change is `unfavorable`
when it takes something from the insured (a longer promise, fewer uses, a lost channel,
a new condition or exclusion, smaller coverage, a removed service), `favorable` for the
reverse, and `neutral` when it has no direction (renames, rewording, customer deadlines).
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Hashable, Optional

from ..rules import load_rules
from ..schemas import SCHEMA_VERSION
from ..segment import service_name
from .facts import (Wording, category_order, hours, labels, plain_lines, plain_text, service_passages,
                    stitched_text, ui_text)
from .load import Handbook

MIN_SIMILARITY = 0.5  # below this, two names (or exclusion texts) are different things
CLASSIFICATIONS = ("unfavorable", "favorable", "neutral")
SERVICE_STATUSES = ("added", "removed", "renamed", "changed", "unchanged")
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_LIST_NUMBER = re.compile(r"^[（(]?\d{1,2}[)）、.．]")


def _constant(classification: str) -> Callable[[dict], str]:
    return lambda item: classification


def _provider_only(classification: str) -> Callable[[dict], str]:
    """Customer deadlines have no direction: a longer one may be more notice or more time."""
    return lambda sla: classification if sla["party"] == "provider" else "neutral"


@dataclass(frozen=True)
class Family:
    """How the values of one field family are paired and judged.

    `about` says what a value is about: values about the same thing are compared with
    each other. `worth` ranks a value for the insured (higher is better; None: no
    direction). `when_added`/`when_removed` judge a value that only one edition states.
    """

    name: str
    describe: Callable[[Wording, dict], str]
    about: Callable[[dict], Hashable]
    when_added: Callable[[dict], str]
    when_removed: Callable[[dict], str]
    worth: Callable[[dict], Optional[float]] = lambda item: None
    text: bool = False  # free text: similar texts pair up as reworded
    reword: bool = False  # a coded value can keep its code while its words change


FAMILIES = [
    Family("usage_limits", Wording.usage, about=lambda u: u["period"],
           worth=lambda u: math.inf if u["unlimited"] else u["count"],
           when_added=lambda u: "favorable" if u["unlimited"] else "unfavorable",
           when_removed=lambda u: "unfavorable" if u["unlimited"] else "favorable"),
    Family("duration_limits", Wording.duration, about=lambda d: "one use", worth=hours,
           when_added=_constant("unfavorable"), when_removed=_constant("favorable")),
    Family("slas", Wording.sla, about=lambda s: (s["party"], s.get("promise")),  # like with like
           worth=lambda s: -hours(s) if s["party"] == "provider" else None,
           when_added=_provider_only("favorable"), when_removed=_provider_only("unfavorable")),
    Family("channels", Wording.channel, about=lambda c: (c["type"], c.get("number") or c.get("name")),
           when_added=_constant("favorable"), when_removed=_constant("unfavorable")),
    Family("preconditions", Wording.precondition, about=lambda p: p["code"],
           worth=lambda p: -p["number"] if "number" in p else None,  # a higher grade, amount, wait asks more
           reword=True, when_added=_constant("unfavorable"), when_removed=_constant("favorable")),
    Family("exclusions", Wording.text, about=lambda x: "exclusion", text=True,
           when_added=_constant("unfavorable"), when_removed=_constant("favorable")),
]
FIELD_ORDER = [None] + [f.name for f in FAMILIES] + ["coverage", "description"]


def name_core(name: str) -> str:
    """A service name without numbering, parentheses and the word 服务: what renames keep."""
    return re.sub(r"\s+|服务", "", _PARENTHETICAL.sub("", service_name(name)))


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Pair:
    old: Optional[dict]
    new: Optional[dict]
    similarity: Optional[float] = None


def match_services(old: list[dict], new: list[dict]) -> list[Pair]:
    """Pair services of one category, most similar names first; the rest are added or
    removed. Pairs follow the new edition's order, removed services come last."""
    candidates = sorted(
        ((similarity(name_core(o["name"]), name_core(n["name"])), i, j)
         for i, o in enumerate(old) for j, n in enumerate(new) if o["category"] == n["category"]),
        key=lambda c: (-c[0], c[1], c[2]))
    old_for_new: dict[int, tuple[int, float]] = {}
    taken = set()
    for ratio, i, j in candidates:
        if ratio >= MIN_SIMILARITY and i not in taken and j not in old_for_new:
            taken.add(i)
            old_for_new[j] = (i, ratio)
    pairs = [Pair(old[old_for_new[j][0]], service, round(old_for_new[j][1], 3)) if j in old_for_new
             else Pair(None, service) for j, service in enumerate(new)]
    return pairs + [Pair(service, None) for i, service in enumerate(old) if i not in taken]


def _side(value: str, evidences: list[dict]) -> dict:
    return {"value": value, "evidence": evidences}


def _change(kind: str, classification: str, field: Optional[str], summary: str,
            old: Optional[dict] = None, new: Optional[dict] = None) -> dict:
    return {"kind": kind, "classification": classification, "field": field, "summary": summary,
            "old": old, "new": new}


def _direction(old_worth: Optional[float], new_worth: Optional[float]) -> str:
    if old_worth is None or new_worth is None or old_worth == new_worth:
        return "neutral"
    return "favorable" if new_worth > old_worth else "unfavorable"


def _words(evidence: dict) -> str:
    """An evidence's words without layout and list numbering (`2、等待期后` says 等待期后)."""
    return _LIST_NUMBER.sub("", plain_text(evidence["text"]))


def _take_pairs(old_left: list[dict], new_left: list[dict], match) -> list[tuple[dict, dict]]:
    """Pair each old value with the first new value that `match`es; remove both."""
    pairs = []
    for old in list(old_left):
        new = next((n for n in new_left if match(old, n)), None)
        if new is not None:
            old_left.remove(old)
            new_left.remove(new)
            pairs.append((old, new))
    return pairs


def _rewordings(family: Family, same: list[tuple[dict, dict]], wording: Wording) -> list[dict]:
    """Equal coded values whose words changed, one change per changed sentence."""
    groups: dict[tuple[str, str], list[tuple[dict, dict]]] = {}
    for old, new in same:
        if _words(old["evidence"]) != _words(new["evidence"]):
            groups.setdefault((old["evidence"]["text"], new["evidence"]["text"]), []).append((old, new))
    changes = []
    for group in groups.values():
        value = ", ".join(family.describe(wording, old) for old, _ in group)
        old, new = group[0]
        changes.append(_change("value_reworded", "neutral", family.name,
                               wording.summary("reworded", field=wording.family(family.name), value=value),
                               _side(value, [old["evidence"]]), _side(value, [new["evidence"]])))
    return changes


def _paired_change(family: Family, old: dict, new: dict, wording: Wording) -> dict:
    before = _side(family.describe(wording, old), [old["evidence"]])
    after = _side(family.describe(wording, new), [new["evidence"]])
    field = wording.family(family.name)
    if family.text:
        return _change("value_reworded", "neutral", family.name, wording.summary("reworded_text", field=field),
                       before, after)
    return _change("value_changed", _direction(family.worth(old), family.worth(new)), family.name,
                   wording.summary("changed", field=field, old=before["value"], new=after["value"]), before, after)


def _family_changes(family: Family, old_items: list[dict], new_items: list[dict], wording: Wording) -> list[dict]:
    """Equal values drop out (coded ones may report new words); values about the same
    thing pair up as changed; the rest were added or removed."""
    def shown(item: dict) -> str:
        return plain_text(family.describe(wording, item))

    def related(old: dict, new: dict) -> bool:
        return family.about(old) == family.about(new) and (
            not family.text or similarity(shown(old), shown(new)) >= MIN_SIMILARITY)

    old_left, new_left = list(old_items), list(new_items)
    same = _take_pairs(old_left, new_left, lambda old, new: shown(old) == shown(new))
    field = wording.family(family.name)
    changes = _rewordings(family, same, wording) if family.reword else []
    changes += [_paired_change(family, old, new, wording) for old, new in _take_pairs(old_left, new_left, related)]
    changes += [_change("value_removed", family.when_removed(old), family.name,
                        wording.summary("removed", field=field, value=family.describe(wording, old)),
                        old=_side(family.describe(wording, old), [old["evidence"]])) for old in old_left]
    changes += [_change("value_added", family.when_added(new), family.name,
                        wording.summary("added", field=field, value=family.describe(wording, new)),
                        new=_side(family.describe(wording, new), [new["evidence"]])) for new in new_left]
    return changes


def _coverage_changes(old: dict, new: dict, wording: Wording) -> list[dict]:
    """Smaller coverage is unfavorable; a number stated in one edition only has no direction."""
    changes, field = [], wording.family("coverage")
    for key in labels()["coverage"]:
        before, after = old["coverage"][key], new["coverage"][key]
        if before == after:
            continue
        old_side = _side(wording.coverage(key, before), [old["coverage"]["evidence"][key]]) \
            if before is not None else None
        new_side = _side(wording.coverage(key, after), [new["coverage"]["evidence"][key]]) \
            if after is not None else None
        if old_side and new_side:
            changes.append(_change("value_changed", _direction(before, after), "coverage",
                                   wording.summary("changed", field=field, old=old_side["value"],
                                                   new=new_side["value"]),
                                   old_side, new_side))
        elif new_side:
            changes.append(_change("value_added", "neutral", "coverage",
                                   wording.summary("added", field=field, value=new_side["value"]), new=new_side))
        else:
            changes.append(_change("value_removed", "neutral", "coverage",
                                   wording.summary("removed", field=field, value=old_side["value"]), old=old_side))
    return changes


def _abridged(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _service_changes(pair: Pair, wording: Wording) -> list[dict]:
    old, new = pair.old, pair.new
    if old is None:
        return [_change("service_added", "favorable", None, wording.summary("service_added"),
                        new=_side(new["name"], [new["places"][0]]))]
    if new is None:
        return [_change("service_removed", "unfavorable", None, wording.summary("service_removed"),
                        old=_side(old["name"], [old["places"][0]]))]
    changes = []
    if old["name"] != new["name"]:
        changes.append(_change("service_renamed", "neutral", None,
                               wording.summary("service_renamed", old=old["name"], new=new["name"]),
                               _side(old["name"], [old["places"][0]]),
                               _side(new["name"], [new["places"][0]])))
    for family in FAMILIES:
        changes += _family_changes(family, old[family.name], new[family.name], wording)
    return changes + _coverage_changes(old, new, wording)


def passages(handbook: Handbook, service: dict, whole_sections: bool) -> list[dict]:
    """The service's text as evidences: its sections (`whole_sections`, when both editions
    were read from their source files), else the words its record cites."""
    return (whole_sections and handbook.sections.get(service["id"])) or service_passages(service)


def _text(evidences: list[dict]) -> str:
    return plain_lines(stitched_text(evidences))


@lru_cache(maxsize=1)
def _segmenter():
    """jieba with the taxonomy's service terms as words, so a changed `第二诊疗意见` shows
    as one changed term rather than three changed fragments."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for category in load_rules("taxonomy")["categories"]:
        for term in category["terms"]:
            tokenizer.add_word(term)
    return tokenizer


def _tokens(text: str) -> list[str]:
    return _segmenter().lcut(text)


def word_diff(before: str, after: str) -> list[dict]:
    """Word-level edits (jieba tokens) as runs of equal, deleted and inserted text."""
    old_tokens, new_tokens = _tokens(before), _tokens(after)
    runs: list[dict] = []

    def emit(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if runs and runs[-1]["op"] == op:
            runs[-1]["text"] += "".join(tokens)
        else:
            runs.append({"op": op, "text": "".join(tokens)})

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes():
        if tag == "equal":
            emit("equal", old_tokens[i1:i2])
        else:
            emit("delete", old_tokens[i1:i2])
            emit("insert", new_tokens[j1:j2])
    return runs


def _wording(pair: Pair, old_book: Handbook, new_book: Handbook, wording: Wording) -> tuple[list[dict], list[dict]]:
    """The wording change of a service whose text differs, and the word diff that shows it
    (for an added or removed service, its whole text).

    Both editions are read in the same form: a section's whole text (headings, numbering,
    sentences that state no value) only when both were ingested from source files; a saved
    record against a source file compares the words both records cite, so a record and its
    own source show no changes.
    """
    whole = old_book.sections is not None and new_book.sections is not None
    old_passages = passages(old_book, pair.old, whole) if pair.old else []
    new_passages = passages(new_book, pair.new, whole) if pair.new else []
    before, after = _text(old_passages), _text(new_passages)
    if plain_text(before) == plain_text(after):
        return [], []
    if not (pair.old and pair.new):
        return [], [{"op": "delete", "text": before}] if before else [{"op": "insert", "text": after}]
    change = _change("wording_changed", "neutral", "description", wording.summary("wording_changed"),
                     _side(_abridged(plain_text(before)), old_passages),
                     _side(_abridged(plain_text(after)), new_passages))
    return [change], word_diff(before, after)


def _service_entry(pair: Pair, changes: list[dict], runs: list[dict]) -> dict:
    old, new = pair.old, pair.new
    if old is None or new is None:
        status = "added" if old is None else "removed"
    else:
        status = "renamed" if old["name"] != new["name"] else "changed" if changes else "unchanged"
    return {"status": status, "category": (new or old)["category"],
            "old_name": old["name"] if old else None, "new_name": new["name"] if new else None,
            "similarity": pair.similarity, "changes": len(changes), "word_diff": runs}


def _handbook_side(handbook: Handbook) -> dict:
    record = handbook.record
    return {"document": record["document"], "label": handbook.label, "format": record["source"]["format"],
            "sha256": record["source"]["sha256"], "services": len(record["services"])}


def mismatches(old: Handbook, new: Handbook) -> list[dict]:
    """Insurer or product names that differ between the two sides: then they are not two
    editions of one handbook, and every change may be a difference of products."""
    found = []
    for what in ("insurer", "product"):
        before, after = old.record[what], new.record[what]
        if before and after and before["name"] != after["name"]:
            found.append({"what": what, "old": before["name"], "new": after["name"]})
    return found


def _display(old: Handbook, new: Handbook, wording: Wording) -> dict:
    """What the HTML and Markdown pages show beside the JSON view: their words in the
    report's language, the labels of its codes, and a warning when the sides differ."""
    text = ui_text("diff", wording.lang)
    return {"lang": wording.lang, "text": text,
            "categories": {code: wording.category(code) for code in category_order()},
            "mismatches": [{**m, "what": text[f"mismatch_{m['what']}"]} for m in mismatches(old, new)]}


def diff_handbooks(old: Handbook, new: Handbook, lang: str) -> dict:
    """The diff view model in language `lang`: the JSON output (ingest/schemas/diff.schema.json)
    and, under `display`, what only the pages show."""
    wording = Wording(lang)
    services, changes = [], []
    for index, pair in enumerate(match_services(old.record["services"], new.record["services"])):
        reworded, runs = _wording(pair, old, new, wording)
        service_changes = _service_changes(pair, wording) + reworded
        for change in service_changes:
            change.update(service_index=index, category=(pair.new or pair.old)["category"],
                          service=(pair.new or pair.old)["name"])
        changes += service_changes
        services.append(_service_entry(pair, service_changes, runs))
    changes.sort(key=lambda c: (CLASSIFICATIONS.index(c["classification"]), c["service_index"],
                                FIELD_ORDER.index(c["field"])))
    statuses = [s["status"] for s in services]
    return {
        "schema_version": SCHEMA_VERSION,
        "report": "diff",
        "old": _handbook_side(old),
        "new": _handbook_side(new),
        "summary": {**{c: sum(ch["classification"] == c for ch in changes) for c in CLASSIFICATIONS},
                    "changes": len(changes),
                    **{f"services_{status}": statuses.count(status) for status in SERVICE_STATUSES}},
        "services": services,
        "changes": changes,
        "display": _display(old, new, wording),
    }
