#!/usr/bin/env python3
"""Regenerate texts/h4_06_jianxin.txt: a two-column brochure as `pdftotext -layout` renders it.

Each page has a running header, a left and a right column laid side by side on the same
physical lines (the right column starts at a fixed visual column, so the padding between
the columns is a run of spaces whose length depends on the left line's width; CJK glyphs
count as two cells), a running footer, and a form feed after the page.
"""
import unicodedata
from pathlib import Path

RIGHT_COL = 50      # visual column where the right column starts
PAGE_WIDTH = 96


def vwidth(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad_to(s: str, col: int) -> str:
    return s + " " * max(2, col - vwidth(s))


def header(n: int) -> list[str]:
    left, right = "建信人寿 CCB Life", "福享安康 · 健康服务手册（2024版）"
    return [pad_to(left, PAGE_WIDTH - vwidth(right)) + right, ""]


def footer(n: int, total: int) -> list[str]:
    left, right = "客服热线 400-869-5533", f"{n} / {total}"
    return ["", "", pad_to(left, PAGE_WIDTH - vwidth(right)) + right]


def columns(left: list[str], right: list[str], indent: str = "  ") -> list[str]:
    rows = max(len(left), len(right))
    left = left + [""] * (rows - len(left))
    right = right + [""] * (rows - len(right))
    out = []
    for l, r in zip(left, right):
        if r:
            out.append(pad_to(indent + l, RIGHT_COL) + r)
        else:
            out.append((indent + l).rstrip() if l else "")
    return out


TITLE = [
    "",
    "                              建信人寿保险股份有限公司",
    "",
    "                        福享安康重大疾病保险 · 健康服务手册",
    "                                      2024版",
    "",
    "",
]

P1_L = """关于建信人寿
建信人寿保险股份有限公司是中国建
设银行控股的寿险公司，总部位于上
海。公司在全国设有20家分公司，
2023年服务客户超过800万人次，理
赔获赔率98.9%。

保障回顾
· 重大疾病保险金：基本保额100%，
  共120种重大疾病
· 中症疾病保险金：基本保额60%，
  最多2次
· 轻症疾病保险金：基本保额30%，
  最多3次
· 等待期：90天

本手册介绍随保单提供的健康服务。
各项服务由本公司委托的专业健康服
务机构提供，不属于保险合同约定的
保险责任。""".split("\n")

P1_R = """服务一览
诊前
  在线问诊 ················ 不限次
诊中
  重疾绿色通道 ······ 保险期间1次
  住院垫付 ········ 每保单年度3次
  特药直付 ················ 按处方
  多学科会诊 ········ 保险期间1次
诊后
  术后康复指导 ······ 每次住院2次
  营养膳食指导 ···· 每保单年度4次
  住院期间家庭保洁 ·· 每次住院1次

扫码关注“建信人寿”微信公众号
获取电子版手册及最新服务公告""".split("\n")

P2_L = """01 在线问诊
被保险人及其配偶、子女可通过
“建信人寿”微信小程序发起视频或
图文问诊，不限次数。
视频问诊发起后1分钟内医生接诊，
每次视频不超过20分钟；图文问诊
医生5分钟内首次回复。
服务时间：7×24小时。

02 重疾绿色通道
适用条件：等待期后初次确诊合同
约定的重大疾病。
服务内容（三项任选其一）：
· 专家门诊：资料齐全后3个工作日
  内完成预约；
· 住院安排：凭住院证，5个工作日
  内安排床位；
· 手术安排：入院后7个工作日内安
  排手术。
使用次数：保险期间内1次。
覆盖范围：全国260个城市、2,800
余家合作医院。
申请电话：400-869-5533转2""".split("\n")

P2_R = """03 住院垫付
保单有效期内的被保险人因合同约定
的重大疾病在二级及以上公立医院住
院，且预估自付医疗费用超过2万元
的，可申请住院押金垫付。
· 每保单年度可申请2次；
· 资料齐全后2个工作日内完成审核，
  审核通过后垫付专员于入院当日到
  院办理；
· 出院后7日内归还超出理赔金额的
  垫付款。
申请电话：400-869-5533转3

04 特药直付
本服务仅适用于投保了“附加恶性肿
瘤特定药品费用医疗保险”的保单。
被保险人初次确诊恶性肿瘤后，凭合
作医院专科医生开具的处方，可在合
作药房直接取药，药费由本公司直接
结算，无需垫付。""".split("\n")

P3_L = """（接上页）处方开具后10日内须在
“建信人寿”APP提交申请，审核通过
后72小时内完成配送或到店取药。
合作药房覆盖全国300个城市。药品
清单共78种，以APP公布为准。

05 多学科会诊
适用条件：经二级及以上医院病理确
诊初次罹患恶性肿瘤。
使用次数：保险期间内1次。
时效：资料齐全后5-7个工作日内组
织会诊，由3至5名不同学科专家参
与，每次会诊不超过90分钟。
交付：会诊报告及治疗建议书。""".split("\n")

P3_R = """06 术后康复指导
适用条件：经手术治疗出院后。
使用次数：每次住院2次。
康复治疗师通过视频一对一指导居
家康复训练，每次45分钟。请于出
院后90日内预约。

07 营养膳食指导
确诊恶性肿瘤并正在接受放疗或化
疗的被保险人，可通过企业微信添
加专属营养师，每保单年度4次。营
养师于收到饮食记录后2个工作日内
出具个性化膳食方案。

服务案例
张先生确诊肺部恶性肿瘤后，通过重
疾绿色通道预约到了胸外科专家门
诊，术后又使用了康复指导服务。
“从确诊到手术，每一步都有人帮我
安排。”""".split("\n")

P4_L = """08 住院期间家庭保洁
被保险人住院期间，可为其家庭安排
上门保洁服务，每次住院1次，每次
3小时。需提前2个自然日预约。服务
覆盖50个城市。
预约电话：400-869-5533转6

服务城市（节选）
北京 上海 广州 深圳 杭州 南京
成都 武汉 西安 重庆 天津 苏州
……完整名单以官网公布为准""".split("\n")

P4_R = """如何申请
① 拨打客服热线400-869-5533，或
   登录“建信人寿”APP
② 健康顾问于2小时内回电确认需求
③ 按约定时间享受服务
人工服务时间：8:00-20:00

温馨提示
· 服务次数按保单年度计算，当年未
  使用的次数不累积。
· 因不可抗力导致服务延迟的，本公
  司不承担责任。
· 本手册内容如有调整，以官网公告
  为准，调整将提前30日公告。
· 本手册仅供参考，具体以保险合同
  及服务协议为准。""".split("\n")


def main() -> None:
    total = 4
    pages = [
        TITLE + columns(P1_L, P1_R),
        columns(P2_L, P2_R),
        columns(P3_L, P3_R),
        columns(P4_L, P4_R),
    ]
    out = []
    for n, body in enumerate(pages, 1):
        lines = (header(n) if n > 1 else []) + body + footer(n, total)
        out.append("\n".join(lines) + "\n\f")
    path = Path(__file__).resolve().parent.parent / "texts" / "h4_06_jianxin.txt"
    path.write_text("".join(out), encoding="utf-8")
    print(path, sum(len(p) for p in out), "chars")


if __name__ == "__main__":
    main()
