#!/usr/bin/env python3
"""Regenerate texts/g05_dajia.txt: a scanned-and-OCR'd handbook.

The logical text below is rendered the way an OCR engine returns a scanned A5 booklet:
full-width digits, lines hard-wrapped at 35 characters (sentences and words broken
anywhere), a running header and a print-code footer on every page, and some lines
letter-spaced (a space between CJK characters, digit runs kept whole). A <<PAGE>> mark
forces a page break in the middle of a sentence. Run from this folder:
    python3 make_g05.py > ../texts/g05_dajia.txt
"""
import re

WIDTH = 35
PAGE_LINES = 26          # body lines per page
FW = str.maketrans("0123456789%,~", "０１２３４５６７８９％，～")

LOGICAL = """大家人寿保险股份有限公司
大家安康守护重大疾病保险
健康服务手册
（2024年3月版）

致尊敬的客户
感谢您选择大家人寿。大家人寿保险股份有限公司是大家保险集团旗下的寿险子公司，总部位于北京，目前在全国设有31家省级分公司、1,800余个分支机构（数据截至2023年末，仅作介绍之用）。
大家安康守护重大疾病保险保障110种重大疾病、25种中症及50种轻症；重大疾病保险金按基本保险金额给付，中症、轻症分别按基本保险金额的50%、20%给付；合同生效之日起180天为等待期。本手册所列8项健康服务为保险合同以外的增值服务，由大家人寿委托的专业健康管理机构提供。

服务一览表
@TABLE
服务项目　　　　　　服务次数　　　　服务时效
电话医生服务　　　　不限次　　　　　7×24小时
重疾门诊预约服务　　1次／年　　　　5个工作日
重疾住院安排服务　　保险期间1次　　10个工作日
住院护工服务　　　　累计15天　　　提前1个工作日申请
肿瘤特药服务　　　　不限次　　　　　72小时送药
第二诊疗意见服务　　保险期间1次　　7~10个工作日
康复护理指导服务　　3次／年　　　　48小时内联系
健康体检服务　　　　1次／年　　　　报告7个工作日
@END
注：表中时效为常规情况下的服务时效，具体以各项服务说明为准。

@H第1项　电话医生服务
服务内容：全科医生7×24小时通过电话解答常见病、慢性病用药、检查报告及就医科室选择等问题。
服务对象：限被保险人本人。
服务次数：不限次，每次通话不超过15分钟。
申请方式：拨打大家人寿客服热线95569转7，按语音提示进入电话医生。
说明：电话医生不提供诊断及处方；急危重症请立即拨打120急救电话。

@H第2项　重疾门诊预约服务
服务条件：等待期后，被保险人初次确诊合同约定的重大疾病，并能提供二级及以上医院出具的诊断证明。
服务内容：预约三甲医院副主任医师及以上级别专家门诊，医院及科室可按意愿选择，接诊医生由医院安排。
服务次数：每保单年度1次。
服务时效：资料齐全后3个工作日内完成预约，并以短信通知就诊时间。
服务网络：全国100个城市、500家三甲医院。

@H第3项　重疾住院安排服务
服务条件：被保险人确诊合同约定的重大疾病，且已由医院开具住院证。
服务内容：协调合作医院住院床位；经评估符合手术条件的，协助安排手术。
服务次数：保险期间内1次。
服务时效：住院证开具且资料齐全后10个<<PAGE>>工作日内安排床位。床位安排后因个人原因未按时入院的，视为服务已使用。

@H第4项　住院护工服务
服务条件：被保险人因合同约定的重大疾病住院治疗。
服务内容：持证护工提供生活照料、协助进食及翻身、陪同检查等非医疗性护理。
服务时长：每保单年度累计不超过15天，每日服务12小时。
服务时效：请至少提前1个工作日申请；审核通过后24小时内护工到岗。
申请方式：拨打95569转3（护理服务专线）。

@H第5项　肿瘤特药服务
服务条件：被保险人确诊恶性肿瘤，并持有专科医生开具的处方。
服务内容：协助在合作药房购买处方所列靶向药及免疫治疗药物，提供送药上门及药师用药指导。
服务次数：不限次。
服务时效：处方审核2个工作日内完成；审核通过后72小时内送药上门。
服务网络：合作药房覆盖150个城市。
申请方式：登录“大家保险”APP→健康→特药服务，上传处方及病理报告。

@H第6项　第二诊疗意见服务
服务条件：被保险人初次确诊合同约定的重大疾病。
服务内容：由国内知名三甲医院相关专科专家审阅病历、影像及病理资料，出具书面诊疗意见。
服务次数：保险期间内1次。
服务时效：资料齐全后7~10个工作日出具书面意见。专家意见仅供参考，不构成诊断或处方。

@H第7项　康复护理指导服务
服务条件：被保险人经手术治疗出院，并于出院后30日内提出申请。
服务内容：康复治疗师通过电话或视频制定康复计划，指导居家训练及伤口自我护理。
服务次数：每保单年度3次，每次30分钟。
服务时效：申请后48小时内康复治疗师与您联系。
申请方式：关注“大家保险”微信公众号→服务→康复预约，填写出院小结信息。

@H第8项　健康体检服务
服务条件：等待期满后的被保险人本人，不可转让他人使用或兑换现金。
服务内容：基础体检套餐共12项，含血常规、尿常规、肝肾功能、血脂、血糖、心电图及腹部B超等。
服务次数：每保单年度1次。
服务时效：请至少提前3天预约；体检完成后7个工作日内出具报告。
申请方式：登录“大家保险”APP→健康→体检预约。

服务流程
（1）提出申请：拨打服务专线或通过APP提交申请，说明被保险人姓名、证件号码及保单号码；
（2）资格审核：健康管家在2小时内与您联系，核实保单状态及剩余服务次数；
（3）资料提交：按要求提交病历、检查报告等资料，资料可拍照上传；
（4）服务安排：资料齐全后按各项服务约定的时效安排，并以短信通知；
（5）服务回访：服务完成后进行满意度回访。

常见问题
问：电话医生可以给家里的老人打吗？
答：电话医生服务限被保险人本人使用；老人如已投保大家人寿的产品，可使用其本人保单项下的服务。
问：健康体检可以换成其他套餐吗？
答：健康体检服务的套餐内容固定，女性被保险人另含乳腺彩超及妇科检查，不可更换为其他套餐。
问：服务次数当年没用完，可以留到明年吗？
答：按保单年度计算的服务次数不累积，新的保单年度开始时重新计算。

使用须知
一、申请方式：除各项服务另有说明外，请拨打大家人寿客服热线95569（7×24小时），或关注“大家保险”微信公众号，在“服务”菜单中提交申请。
二、人工服务时间：健康服务人工坐席每日8:30-20:30，其他时段可留言，次日回电。
三、资料补充：申请资料不齐全的，我们将在1个工作日内一次性告知需补充的内容。
四、除外情形：等待期内确诊的疾病（意外伤害除外）、投保前已患且未如实告知的疾病、故意自伤或违法犯罪导致的伤病，不提供上述服务。
五、意见反馈：对服务有异议的，可致电客服热线，我们将在5个工作日内答复。
本手册内容如有调整，以大家人寿官方网站公布为准。"""


def spaced(line: str) -> str:
    """OCR letter-spacing: a space between characters, digit runs kept whole."""
    tokens = re.findall(r"[０-９0-9，,.．:：]+|.", line)
    return " ".join(t for t in tokens if t != " ")


def wrap(par: str) -> list[str]:
    return [par[i:i + WIDTH] for i in range(0, len(par), WIDTH)] or [""]


def render() -> str:
    body: list[str] = []       # lines, with "\f" marking a forced page break
    in_table = False
    for raw in LOGICAL.translate(FW).split("\n"):
        if raw == "@TABLE":
            in_table = True
            continue
        if raw == "@END":
            in_table = False
            continue
        if in_table:
            body.append(raw)
            continue
        if raw.startswith("@H"):
            body.append(spaced(raw[2:]))
            continue
        parts = raw.split("<<PAGE>>")
        for k, part in enumerate(parts):
            if k:
                body.append("\f")
            body.extend(wrap(part))
    pages, page = [], []
    for line in body:
        if line == "\f" or len(page) == PAGE_LINES:
            pages.append(page)
            page = []
            if line == "\f":
                continue
        page.append(line)
    if page:
        pages.append(page)
    out = []
    n = 0
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append(spaced("大家人寿保险股份有限公司") + "　　健康服务手册　　　第" + str(number).translate(FW) + "页")
            out.append("")
        for line in page:
            n += 1
            # every ninth body line comes back letter-spaced from the scanner
            out.append(spaced(line) if n % 9 == 4 and line.strip() else line)
        out.append("")
        out.append("ＤＪＲＳ－ＪＫ－２０２４－０３　　　　　　　　　　　—" + str(number).translate(FW) + "—")
        out.append("")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
