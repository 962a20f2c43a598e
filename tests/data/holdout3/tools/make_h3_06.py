#!/usr/bin/env python3
"""Regenerate texts/h3_06_qianhai.txt: a box-drawn service matrix with footnotes.

The grid is padded by display width (CJK and full-width glyphs count as two columns), the way
a PDF or Word table comes out when it is copied to plain text. Cells may run over two lines.
"""
import unicodedata
from pathlib import Path


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * (cols - width(text))


COLS = [16, 16, 16, 16]
HEADER = [["服务项目", ""], ["基础版", "(年保费¥399起)"], ["尊享版", "(年保费¥699起)"], ["至尊版", "(年保费¥1,288起)"]]
ROWS = [
    [["视频问诊 注1"], ["✓ 不限次"], ["✓ 不限次"], ["✓ 不限次"]],
    [["重疾门诊绿色", "通道 注2"], ["✓ 每年1次"], ["✓ 每年2次"], ["✓ 每年3次"]],
    [["住院安排 注3"], ["—"], ["✓ 保险期间1次"], ["✓ 保险期间1次"]],
    [["住院费用垫付", "注4"], ["—"], ["✓ 不限次"], ["✓ 不限次"]],
    [["第二诊疗意见", "注5"], ["—"], ["—"], ["✓ 保险期间1次"]],
    [["院内陪诊", "注6 注7"], ["✓ 每年1次"], ["✓ 每年2次"], ["✓ 每年4次"]],
    [["术后上门护理", "注6 注8"], ["—"], ["✓ 每年2次"], ["✓ 每年4次"]],
    [["海外就医安排", "注9"], ["—"], ["—"], ["✓ 保险期间1次"]],
    [["年度体检 注10"], ["✓ 每年1次", "（基础套餐）"], ["✓ 每年1次", "（升级套餐）"], ["✓ 每年1次", "（全面套餐）"]],
    [["心理咨询"], ["✓ 每年2次"], ["✓ 每年4次"], ["✓ 不限次"]],
]


def rule(left: str, mid: str, right: str) -> str:
    return left + mid.join("─" * (c + 2) for c in COLS) + right


def row_lines(cells) -> list[str]:
    height = max(len(c) for c in cells)
    out = []
    for i in range(height):
        parts = [pad(c[i] if i < len(c) else "", COLS[k]) for k, c in enumerate(cells)]
        out.append("│ " + " │ ".join(parts) + " │")
    return out


def grid() -> str:
    lines = [rule("┌", "┬", "┐")]
    lines += row_lines(HEADER)
    lines.append(rule("├", "┼", "┤"))
    for n, r in enumerate(ROWS):
        lines += row_lines(r)
        lines.append(rule("├", "┼", "┤") if n < len(ROWS) - 1 else rule("└", "┴", "┘"))
    return "\n".join(lines)


HEAD = """前海人寿保险股份有限公司
海惠安康医疗保险 · 健康服务权益对照表（2024年版）
文件编号：QHRS-JKFW-2024-06


一、版本说明

海惠安康医疗保险分为基础版、尊享版、至尊版三个版本，三个版本的医疗保障相同（一般医疗保险金年度限额300万元，重大疾病医疗保险金年度限额600万元，年免赔额1万元），区别在于所附健康服务。下表列明各版本可享有的服务及次数，服务细则见表后注释。本表所列服务属于保险合同以外的增值服务，由本公司委托的专业健康服务机构提供。


二、服务权益对照表

"""

NOTES = """
表例：“✓”表示该版本可使用；“—”表示该版本不提供；表中“每年”指每个保单年度；“保险期间1次”指整个保险期间内限1次。


三、注释

注1　视频问诊：7×24小时在线，发起后医生60秒内接诊，单次问诊最长20分钟；入口为“前海人寿”微信小程序首页“视频问诊”。
注2　重疾门诊绿色通道：等待期后，经二级及以上医院初次确诊合同约定的重大疾病方可申请；资料齐全后3个工作日内完成专家门诊预约；服务网络覆盖全国120个城市。
注3　住院安排：须已开具住院证；5-7个工作日内安排床位。
注4　住院费用垫付：被保险人在二级及以上公立医院住院，且预估自付医疗费用超过1万元的，可申请垫付；须于入院前至少3个工作日提出申请，资料齐全后1个工作日内完成审核。申请专线：400-833-6988转2。
注5　第二诊疗意见：初次确诊恶性肿瘤后申请；提交完整病历后10个工作日内出具书面意见。
注6　院内陪诊、术后上门护理：均须至少提前2个工作日预约。
注7　院内陪诊：每次陪诊最长4小时；陪诊员于约定时间前15分钟到达医院。
注8　术后上门护理：经手术治疗出院后30日内申请；每次上门不超过2小时。至尊版每保单年度3次。
注9　海外就医安排：初次确诊恶性肿瘤后申请；合作海外医疗机构共8家，位于美国、日本及新加坡；收到完整病历后15个工作日内反馈初步意见。
注10　年度体检：限被保险人本人使用，等待期后可预约，需提前3天预约；基础、升级、全面套餐分别含12项、18项、26项检查。


四、申请方式

除注释另有说明外，各项服务均可拨打健康服务热线400-833-6988申请（人工服务时间：工作日9:00-18:00），健康顾问将于受理后2小时内与您联系。服务次数按保单年度计算，当年未使用的次数不累积。


第 1 页　共 1 页　　　　　　　　　　　　　　　　　　前海人寿 · 海惠安康健康服务权益对照表
"""


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "texts" / "h3_06_qianhai.txt"
    out.write_text(HEAD + grid() + "\n" + NOTES, encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
