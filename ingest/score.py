"""`ingest score`: precision, recall and F1 per field family against hand-written gold keys.

Gold keys follow tests/data/gold/GUIDE.md. Services are paired one-to-one by name
similarity (helped by equal categories); each family's facts are compared as sets of
normalized keys. Channels marked `inherited` are not the service's own and are not scored.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .errors import InputError, UsageError

FIELD_FAMILIES = ["usage", "duration", "sla", "channel", "precondition", "coverage"]
FAMILIES = ["services", "category", "usage", "usage_period", "duration", "sla", "sla_party",
            "channel", "precondition", "coverage"]
_NUMBERING = re.compile(r"^[\s\d.、()（）一二三四五六七八九十#*]+")
_NOISE = re.compile(r"[\s\"'“”‘’「」《》<>·．.…：:，,。（）()*#\-—_/]+")


def name_key(name: str) -> str:
    """A name as compared: Simplified characters (a Traditional name is the same name),
    without numbering, spaces and punctuation."""
    from .textnorm import to_simplified

    return _NOISE.sub("", _NUMBERING.sub("", to_simplified(name or "")))


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _hotline(number: str) -> str:
    main, _, ext = str(number or "").partition("#")
    return re.sub(r"\D", "", main) + ("#" + re.sub(r"\D", "", ext) if re.sub(r"\D", "", ext) else "")


def _channel_name(name: str) -> str:
    """A channel name as compared: Simplified, without the kind words and punctuation."""
    from .textnorm import to_simplified

    return _NOISE.sub("", re.sub(r"微信|小程序|公众号|APP|App|app|官网|官方", "", to_simplified(name or "")))


def fact_keys(service: dict) -> dict[str, set]:
    """The comparable facts of one service, as sets of keys per family."""
    keys = {f: set() for f in FAMILIES[2:]}
    for item in service.get("usage_limits") or []:
        count = "unlimited" if item.get("unlimited") else _number(item.get("count"))
        if count is not None:
            keys["usage"].add(count)
            keys["usage_period"].add((count, item.get("period")))
    for item in service.get("duration_limits") or []:
        keys["duration"].add((_number(item["value"]), item["unit"]))
    for item in service.get("slas") or []:
        keys["sla"].add((_number(item["value"]), item["unit"]))
        keys["sla_party"].add((_number(item["value"]), item["unit"], item.get("party")))
    for item in service.get("channels") or []:
        if item.get("inherited"):
            continue
        kind = item.get("type")
        if kind == "hotline":
            keys["channel"].add((kind, _hotline(item.get("number"))))
        else:
            keys["channel"].add((kind, "" if kind == "wechat_contact" else _channel_name(item.get("name"))))
    for item in service.get("preconditions") or []:
        keys["precondition"].add(item if isinstance(item, str) else item.get("code"))
    coverage = service.get("coverage") or {}
    for key in ("cities", "provinces", "hospitals"):
        if coverage.get(key) is not None:
            keys["coverage"].add((key, _number(coverage[key])))
    return keys


def pair_services(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    scored = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            a, b = name_key(g.get("name")), name_key(p.get("name"))
            if not a or not b:
                continue
            ratio = 1.0 if a == b else SequenceMatcher(None, a, b).ratio()
            if a in b or b in a:
                ratio = max(ratio, 0.8)
            same = bool(g.get("category")) and g.get("category") == p.get("category")
            if ratio >= 0.75 or (same and ratio >= 0.45):
                scored.append((ratio + (0.2 if same else 0), i, j))
    pairs, used_g, used_p = [], set(), set()
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_g and j not in used_p:
            pairs.append((i, j))
            used_g.add(i)
            used_p.add(j)
    return pairs


@dataclass
class Counts:
    tp_fp_fn: dict = field(default_factory=lambda: {f: [0, 0, 0] for f in FAMILIES})

    def add(self, family: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        c = self.tp_fp_fn[family]
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def merge(self, other: "Counts") -> None:
        for family, (tp, fp, fn) in other.tp_fp_fn.items():
            self.add(family, tp, fp, fn)

    def summary(self) -> dict:
        out = {f: _prf(*c) for f, c in self.tp_fp_fn.items()}
        total = [sum(self.tp_fp_fn[f][k] for f in FIELD_FAMILIES) for k in range(3)]
        out["fields"] = _prf(*total)
        return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else (1.0 if not fp else 0.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": f1}


def score_handbook(gold: dict, pred: dict) -> Counts:
    counts = Counts()
    gs = gold.get("services") or []
    ps = [s for s in pred.get("services") or [] if isinstance(s, dict)]
    pairs = pair_services(gs, ps)
    counts.add("services", len(pairs), len(ps) - len(pairs), len(gs) - len(pairs))
    for i, j in pairs:
        same = gs[i].get("category") == ps[j].get("category")
        counts.add("category", tp=int(same), fp=int(not same), fn=int(not same))
        gk, pk = fact_keys(gs[i]), fact_keys(ps[j])
        for family in gk:
            counts.add(family, len(gk[family] & pk[family]), len(pk[family] - gk[family]),
                       len(gk[family] - pk[family]))
    for i in set(range(len(gs))) - {i for i, _ in pairs}:
        for family, keys in fact_keys(gs[i]).items():
            counts.add(family, fn=len(keys))
    for j in set(range(len(ps))) - {j for _, j in pairs}:
        for family, keys in fact_keys(ps[j]).items():
            counts.add(family, fp=len(keys))
    return counts


def predictions_in(path: Path) -> list[tuple[str, dict]]:
    """(label, handbook) pairs from a folder of per-handbook JSON files or a catalog."""
    found = []
    for file in sorted(path.rglob("*.json")) if path.is_dir() else [path]:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        books = [data] if isinstance(data.get("services"), list) else data.get("handbooks") or []
        for book in books:
            label = f"{file.name} {book.get('document', '')} {(book.get('source') or {}).get('path', '')}"
            found.append((label, book))
    return found


def _gold_key(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"is not a readable gold key ({exc})", str(path)) from None
    if not isinstance(gold, dict):
        raise InputError("is not a gold key (a JSON object with `services`)", str(path))
    return gold


def score_dirs(gold_dir: Path, pred_path: Path) -> dict:
    """Scores of every gold key in `gold_dir` against the predictions at `pred_path`.

    A score of nothing is refused rather than reported: a missing folder, no gold keys,
    or predictions of which none belongs to a key would otherwise read as a perfect (or
    zero) F1 that a `--min-f1` gate takes at its word.
    """
    if not gold_dir.is_dir():
        raise UsageError("is not a folder of gold keys (--gold)" if gold_dir.exists()
                         else "does not exist (--gold)", str(gold_dir))
    if not pred_path.exists():
        raise UsageError("does not exist (--pred)", str(pred_path))
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise UsageError("holds no gold keys (*.json) to score against (--gold)", str(gold_dir))
    predictions = predictions_in(pred_path)
    total, documents = Counts(), {}
    for gold_file in gold_files:
        gold = _gold_key(gold_file)
        stem = Path(gold.get("document") or gold_file.stem).stem
        pred = next((book for label, book in predictions if stem in label), None)
        counts = score_handbook(gold, pred or {"services": []})
        documents[stem] = counts.summary() | {"found": pred is not None}
        total.merge(counts)
    if not any(document["found"] for document in documents.values()):
        raise UsageError(f"holds no prediction for any of the {len(gold_files)} gold keys in "
                         f"{gold_dir} (--pred names the output of `ingest run` on their handbooks)",
                         str(pred_path))
    return {"overall": total.summary(), "documents": documents}


def format_scores(scores: dict) -> str:
    lines = []
    for stem, s in scores["documents"].items():
        missing = "" if s["found"] else "   (no output found)"
        lines.append(f"{stem}: services F1 {s['services']['f1']:.3f}  fields F1 {s['fields']['f1']:.3f}{missing}")
    lines.append("")
    lines.append(f"{'family':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    overall = scores["overall"]
    for family in FAMILIES + ["fields"]:
        s = overall[family]
        lines.append(f"{family:<14}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append(f"overall fields F1 {overall['fields']['f1']:.3f}, services F1 {overall['services']['f1']:.3f}")
    return "\n".join(lines)
