#!/usr/bin/env python3
"""Regenerate texts/h5_06_hengan.txt: the text that `pdftotext -layout` gives for a designed
three-column brochure (3 pages, form feeds between pages, running header and footer).

Each page is one stream of paragraphs that flows through three columns of fixed height; a
paragraph that does not fit continues at the top of the next column (that is how 02 重疾就医绿色通道
runs from the first into the second column of page 2). `<COL>` forces a column break.
Columns are hard-wrapped at a fixed visual width (CJK glyphs count two cells); Latin words and
digit runs are kept whole, and closing punctuation never starts a line.
"""
import unicodedata
from pathlib import Path

COL_W = 28          # visual cells per column
COL_X = [2, 36, 70] # start cell of each column
PAGE_W = 100
COL_H = 26          # body lines per column

NO_START = set("，。、；：？！）」』”’%·…")


def cells(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def tokens(text):
    out, buf = [], ""
    for c in text:
        if c.isascii() and (c.isalnum() or c in ",.-+%×/:"):
            buf += c
            continue
        if buf:
            out.append(buf)
            buf = ""
        out.append(c)
    if buf:
        out.append(buf)
    return out


def wrap(text, width=COL_W, indent=""):
    lines, cur = [], ""
    for t in tokens(text):
        if cur and cells(cur + t) > width and t not in NO_START:
            lines.append(cur.rstrip())
            cur = indent + t.lstrip()
        else:
            cur += t
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def para_lines(p):
    if p == "":
        return [""]
    if p.startswith("· ") or p.startswith("① ") or p.startswith("② ") or p.startswith("③ "):
        return wrap(p, indent="  ")
    if p.startswith("=L="):                    # dot-leader line: name|value
        name, value = p[3:].split("|")
        dots = COL_W - cells(name) - cells(value) - 2
        return [name + " " + "·" * dots + " " + value]
    if p.startswith("=C="):                    # centred line (cover)
        s = p[3:]
        pad = max(0, (COL_W - cells(s)) // 2)
        return [" " * pad + s]
    return wrap(p)


def flow(paras, height=COL_H):
    cols, cur = [[], [], []], 0
    for p in paras:
        if p == "<COL>":
            cur += 1
            continue
        for line in para_lines(p):
            if len(cols[cur]) >= height:
                cur += 1
            if line == "" and not cols[cur]:
                continue            # no blank line at the top of a column
            cols[cur].append(line)
    return cols


def place(row, x, s):
    """Put s at visual cell x of row (row is a list of display cells)."""
    while cells("".join(row)) < x:
        row.append(" ")
    row.append(s)


def render_page(cols, header, footer):
    out = []
    if header:
        out += [header, ""]
    for i in range(COL_H + 1):
        row = []
        for c in range(3):
            if i < len(cols[c]) and cols[c][i]:
                place(row, COL_X[c], cols[c][i])
        out.append("".join(row).rstrip())
    out += ["", footer]
    return "\n".join(out)


def lr(left, right, width=PAGE_W):
    return left + " " * max(2, width - cells(left) - cells(right)) + right


HEADER = lr("  恒安标准人寿 Heng An Standard Life", "康健无忧医疗保险 · 健康服务指南（2024版）")


def footer(n):
    return lr("  客服热线 400-111-8233", f"{n} / 3")


PAGE1 = [
    "关于恒安标准人寿",
    "恒安标准人寿保险有限公司成立于2003年，是一家中外合资寿险公司，总部位于天津。目前在全国设有12家分公司，累计服务客户超过300万人。",
    "",
    "保障回顾",
    "· 一般医疗保险金：300万元",
    "· 特定疾病医疗保险金：600万元",
    "· 年免赔额：1万元",
    "· 等待期：30天",
    "",
    "本指南介绍随《恒安标准康健无忧医疗保险》提供的健康服务。各项服务由本公司委托的专业健康服务机构提供，不属于保险合同约定的保险责任。",
    "<COL>",
    "服务一览",
    "",
    "诊前",
    "=L=视频医生|不限次",
    "诊中",
    "=L=重疾绿通|保险期间1次",
    "=L=住院垫付|每保单年度2次",
    "=L=院外特药|按处方",
    "=L=第二诊疗意见|保险期间1次",
    "诊后",
    "=L=居家护理|每保单年度2次",
    "=L=心理咨询|每年6次",
    "健康管理",
    "=L=年度体检|每年1次（尊享）",
    "",
    "扫描下方二维码关注“恒安标准人寿”微信公众号，获取电子版指南。",
    "[二维码]",
    "<COL>",
    "", "", "", "", "", "",
    "=C=恒安标准人寿",
    "=C=Heng An Standard Life",
    "", "", "",
    "=C=康健无忧医疗保险",
    "=C=健康服务指南",
    "",
    "=C=2024版",
    "", "", "", "", "", "", "", "",
    "=C=诊前 · 诊中 · 诊后",
    "=C=全程守护您和家人的健康",
]

PAGE2 = [
    "01 视频医生",
    "三甲医院医生7×24小时在线视频接诊，常见病咨询、用药指导、报告解读均可。被保险人及其配偶、子女均可使用。",
    "· 次数：保险期间内不限次数",
    "· 时长：每次通话不超过20分钟",
    "· 时效：发起后1分钟内医生接通",
    "· 入口：“恒安标准健康”微信小程序",
    "",
    "02 重疾就医绿色通道",
    "等待期满后，被保险人经医院初次确诊恶性肿瘤或其他合同约定的重大疾病的，可任选以下一项服务，保险期间内限1次：",
    "① 专家门诊：资料齐全后2个工作日内安排三甲医院专家门诊；",
    "② 住院安排：凭住院证于3-5个工作日内安排住院床位；",
    "③ 手术安排：入院后5-7个工作日内安排手术。",
    "服务覆盖全国200个城市、1,800余家三级医院。",
    "申请电话：400-111-8233转2",
    "",
    "03 住院医疗费用垫付",
    "保单有效期内的被保险人，在二级及以上公立医院住院治疗，预估医疗费用超过5,000元的，可申请由合作机构先行垫付。",
    "· 每个保单年度可申请2次",
    "· 请于入院之日起3个自然日内致电400-111-8233转3申请",
    "· 审核通过后1个工作日内，垫付款直接支付至医院",
    "· 出院后10日内须将费用票据原件寄回",
    "<COL>",
    "04 院外特药服务",
    "适用于投保了“恶性肿瘤院外特药保险金”的被保险人。被保险人初次确诊恶性肿瘤后，凭专科医生开具的处方，在恒安标准人寿APP上传处方及病历资料，即可申请送药上门。",
    "· 处方须于开具后5日内上传",
    "· 审核通过后72小时内送药到家",
    "· 合作药房覆盖150个城市",
    "特药清单共80种，以APP公布为准。",
]

PAGE3 = [
    "05 第二诊疗意见",
    "被保险人确诊恶性肿瘤或其他合同约定的重大疾病后，由国内知名专家团队审阅病历并出具书面第二诊疗意见；尊享计划客户可选择海外专家。",
    "· 次数：保险期间内1次",
    "· 时效：资料齐全后10-14个工作日内出具意见；选择海外专家的，15-20个工作日内出具",
    "· 申请：通过企业微信联系您的专属健康顾问",
    "",
    "06 术后居家护理",
    "被保险人住院期间接受手术，出院后30日内可申请执业护士上门，提供换药、拆线、PICC维护等护理服务。",
    "· 每保单年度2次",
    "· 每次上门不超过2小时",
    "· 护士将在上门前1小时电话确认",
    "· 已开通70个城市",
    "· 申请电话：400-111-8233转5",
    "<COL>",
    "07 心理咨询",
    "专业心理咨询师一对一视频咨询，帮助缓解焦虑、失眠等困扰。直系亲属可共享次数。",
    "· 每保单年度5次，每次45分钟",
    "· 提交预约后48小时内安排咨询师",
    "· 预约：“恒安标准健康”微信小程序",
    "",
    "08 年度体检",
    "尊享计划专属。等待期满后可预约，仅限被保险人本人使用。",
    "· 每保单年度1次",
    "· 须至少提前3个工作日在恒安标准人寿APP预约",
    "· 体检完成后7个工作日内出具报告",
    "· 合作体检中心覆盖100个城市",
    "套餐含18项检查。",
    "<COL>",
    "如何申请",
    "1. 拨打客服热线400-111-8233（服务时间8:00-20:00）",
    "2. 或在“恒安标准健康”小程序提交申请",
    "3. 健康顾问将在2小时内回电，协助您准备资料",
    "",
    "温馨提示",
    "· 申请服务时请准备好身份证件、保单号及相关病历资料。",
    "· 服务内容如有调整，本公司将提前30日通过官网公告。",
    "· 服务使用记录可在恒安标准人寿APP“我的服务”中查看。",
    "· 本指南仅供参考，具体以保险合同及服务条款为准。",
    "",
    "客户故事",
    "“去年做完甲状腺手术回家，伤口换药是护士上门做的，不用再跑医院。”——上海 周女士",
]


def main():
    pages = [
        render_page(flow(PAGE1), None, footer(1)),
        # page 2's first column is shorter (a photo sits below it in the PDF), so
        # 02 重疾就医绿色通道 runs on at the top of the second column
        render_page(flow(PAGE2, height=22), HEADER, footer(2)),
        render_page(flow(PAGE3), HEADER, footer(3)),
    ]
    text = "\n\f".join(pages) + "\n"
    out = Path(__file__).resolve().parent.parent / "texts" / "h5_06_hengan.txt"
    out.write_text(text, encoding="utf-8")
    print(out, len(text), "chars")


if __name__ == "__main__":
    main()
