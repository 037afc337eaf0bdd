"""The 2018 rubric of the plan's 附件 (玉山县乡镇(街道)便民服务中心工作考核评分细则), as data.

Word for word where the text is a scoring standard; ``source`` names the automatic reading of the
records (``scoring.AUTO_SOURCES``), blank where an inspector scores on site. ``services.rubric_load_default``
loads it; ``tests/test_rubric_2018.py`` checks that the sections add up to 100 and the bonus to 20.
"""

from decimal import Decimal as D
from typing import NamedTuple

from bianmin.assessment.scoring import Rule


class I(NamedTuple):  # noqa: E742 - an item of the table, kept short so the table reads like the 附件
    text: str
    points: D = D("0")
    unit: D = D("0")
    source: str = ""


class Ind(NamedTuple):
    title: str
    max_points: D
    rule: Rule
    description: str
    items: tuple[I, ...]


class Sec(NamedTuple):
    title: str
    is_bonus: bool
    indicators: tuple[Ind, ...]


NAME = "玉山县乡镇(街道)便民服务中心工作考核评分细则(2018)"

SECTIONS: tuple[Sec, ...] = (
    Sec(
        "服务人员到位",
        False,
        (
            Ind(
                "单位领导重视",
                D("5"),
                Rule.CHECKLIST,
                "党委政府重视便民服务工作,有研究、有部署、有资料、有经费。",
                (
                    I("将便民服务工作纳入党委政府工作的重要议事日程,专题研究便民服务工作并有详细记录", D("2")),
                    I("对便民服务工作有部署、有安排", D("1")),
                    I("有工作资料等", D("1")),
                    I("工作经费保障", D("1")),
                ),
            ),
            Ind(
                "组织机构健全",
                D("2"),
                Rule.CHECKLIST,
                "领导小组、中心负责人和常驻人员。",
                (
                    I("成立便民服务工作领导小组,有分管领导、中心负责人", D("1")),
                    I("有常驻工作人员,并保持稳定,各职能机构职责分工明确", D("1")),
                ),
            ),
            Ind(
                "工作人员到位",
                D("3"),
                Rule.CHECKLIST,
                "工作人员的业务、作风和廉洁。",
                (
                    I("业务熟练,办事效率高", D("1")),
                    I("工作作风好,服务意识强,服务态度好", D("1")),
                    I("工作人员清正廉洁,公道正派", D("1")),
                ),
            ),
        ),
    ),
    Sec(
        "服务设施到位",
        False,
        (
            Ind(
                "服务场所固定",
                D("5"),
                Rule.CHECKLIST,
                "服务场所面积与类型、开放式柜台、整洁有序、便民设施。",
                (
                    I("有服务场所(100平方米以上,按三种类型分别得2分、1.5分和1分)", D("2"), source="hall_class"),
                    I("实行开放柜台式窗口办公", D("1"), source="open_counters"),
                    I("办公场所整洁有序、舒适美观", D("1")),
                    I("有接待办事群众座椅、饮水机等便民服务设施", D("1"), source="public_amenities"),
                ),
            ),
            Ind(
                "办公设备齐全",
                D("6"),
                Rule.CHECKLIST,
                "办公家具、专线电话、电脑、显示屏与触摸屏、投诉渠道。",
                (
                    I("有满足工作需要的办公桌、椅、柜", D("2"), source="office_furniture"),
                    I("有一部专线便民服务电话", D("1"), source="service_phone"),
                    I("各窗口配备电脑1台以上", D("1"), source="pc_per_window"),
                    I("有电子显示屏、触摸查询屏", D("1"), source="screens"),
                    I("有投诉箱、投诉电话和投诉记录", D("1"), source="complaint_channels"),
                ),
            ),
            Ind(
                "服务标识清楚",
                D("4"),
                Rule.CHECKLIST,
                "中心牌子、窗口标识、工作牌、公示栏。",
                (
                    I("有便民服务中心牌子", D("1"), source="name_plate"),
                    I("窗口有工作部门标识牌", D("1"), source="window_signs"),
                    I("工作人员佩戴工作牌上岗", D("1"), source="staff_badges"),
                    I("有公开公示栏、并有内容", D("1"), source="notice_board"),
                ),
            ),
        ),
    ),
    Sec(
        "服务事项到位",
        False,
        (
            Ind(
                "事项应进必进",
                D("10"),
                Rule.DEDUCT_FLOORED,
                "按照上饶市乡镇(街道)便民服务中心标准化建设要求,民政、劳保、计生、医疗保险、综治信访等项目"
                "进驻便民服务中心(10分),缺少一个扣3分。",
                (
                    I(
                        "缺少一个必设窗口(民政、劳动保障、卫计/计生、医疗保险、综治信访)",
                        unit=D("3"),
                        source="mandatory_lines",
                    ),
                ),
            ),
            Ind(
                "便民服务指南",
                D("10"),
                Rule.CHECKLIST,
                "制定《便民服务指南》或《便民服务手册》(5分),将服务项目、服务流程、工作职责、服务规范、有关责任人员、"
                "联系方式等内容印入其中(5分),内容不全的扣2分。",
                (
                    I("制定《便民服务指南》或《便民服务手册》", D("5"), source="handbook"),
                    I(
                        "将服务项目、服务流程、工作职责、服务规范、有关责任人员、联系方式等内容印入其中,内容不全的扣2分",
                        D("5"),
                        source="handbook_content",
                    ),
                ),
            ),
        ),
    ),
    Sec(
        "服务制度到位",
        False,
        (
            Ind(
                "公开办事制度",
                D("5"),
                Rule.CHECKLIST,
                "所有服务事项及事项的办理依据、办理流程、申报资料、承诺时限、收费标准及依据全部公开。",
                (
                    I("办理依据全部公开", D("1"), source="disclosure_basis"),
                    I("办理流程全部公开", D("1"), source="disclosure_procedure"),
                    I("申报资料全部公开", D("1"), source="disclosure_materials"),
                    I("承诺时限全部公开", D("1"), source="disclosure_time_limit"),
                    I("收费标准及依据全部公开", D("1"), source="disclosure_fees"),
                ),
            ),
            Ind(
                "规范办事制度",
                D("10"),
                Rule.CHECKLIST,
                "一个窗口对外、一窗式受理、一站式服务、一次性办结,台账,受理单和承诺通知单。",
                (
                    I("服务事项一个窗口对外", D("1")),
                    I("一窗式受理", D("1")),
                    I("一站式服务", D("2")),
                    I("一次性办结", D("2")),
                    I("办理事项有登记簿、统计簿,分类汇总成册(台账)", D("2"), source="ledgers"),
                    I("有受理单、承诺通知单", D("2"), source="notices"),
                ),
            ),
            Ind(
                "优质服务和监督制度",
                D("7"),
                Rule.CHECKLIST,
                "建立服务承诺制、首问责任制、一次性告知制、日常管理制度、办事公开制度、限时办结制等制度。"
                "不积压办件、无超时办件(1分),(有一件扣1分)。",
                (
                    I("建立服务承诺制", D("1")),
                    I("建立首问责任制", D("1")),
                    I("建立一次性告知制", D("1")),
                    I("建立日常管理制度", D("1")),
                    I("建立办事公开制度", D("1")),
                    I("建立限时办结制", D("1")),
                    I("不积压办件、无超时办件(有一件扣1分)", D("1"), source="overdue_cases"),
                ),
            ),
            Ind(
                "内部管理制度",
                D("4"),
                Rule.MANUAL,
                "严格执行请销假制度、绩效考核等管理制度。",
                (I("严格执行请销假制度、绩效考核等管理制度", D("4")),),
            ),
            Ind(
                "材料上报",
                D("6"),
                Rule.PER_MONTH,
                "按要求向县行政服务中心报送业务报表及相关信息材料,每月0.5分。",
                (I("按时报送月报的月数", unit=D("0.5"), source="monthly_reports"),),
            ),
            Ind(
                "代办点建设",
                D("7"),
                Rule.CHECKLIST,
                "乡镇(街道)指导便民服务代办点标准化建设,实现村居便民服务代办点全覆盖(5分),标牌规范、制度完善"
                "并进行业务指导有台账、资料等(2分)。",
                (
                    I("实现村居便民服务代办点全覆盖", D("5"), source="point_coverage"),
                    I("标牌规范、制度完善并进行业务指导有台账、资料等", D("2")),
                ),
            ),
            Ind(
                "互联网+政务服务",
                D("6"),
                Rule.MANUAL,
                "创新服务举措并实施,建全并使用网上审批系统、电子监察系统和视频监控系统,政务服务事项在网上办理。",
                (I("创新服务举措,使用网上审批、电子监察和视频监控系统,事项网上办理", D("6")),),
            ),
        ),
    ),
    Sec(
        "运行监督情况",
        False,
        (
            Ind(
                "群众满意情况",
                D("5"),
                Rule.DEDUCT_UNLIMITED,
                "企业和群众举报投诉,经查证属实的,每次扣5分,不限次;上级部门通报和市级以上新闻媒体曝光,每次扣5分,不限次。",
                (
                    I("企业和群众举报投诉,经查证属实的", unit=D("5"), source="complaints_verified"),
                    I("上级部门通报和市级以上新闻媒体曝光", unit=D("5"), source="criticisms_exposures"),
                ),
            ),
            Ind(
                "视频监控情况",
                D("5"),
                Rule.DEDUCT_FLOORED,
                "无故空岗,每人次扣1分;上班时间用电脑、手机做与工作无关事情每次扣2分;扎堆聊天、吃零食等,每次扣1分;扣完为止。",
                (
                    I("无故空岗(每人次)", unit=D("1"), source="video_absent"),
                    I("上班时间用电脑、手机做与工作无关事情", unit=D("2"), source="video_unrelated"),
                    I("扎堆聊天、吃零食等", unit=D("1"), source="video_chatting"),
                ),
            ),
        ),
    ),
    Sec(
        "加分项目",
        True,
        (
            Ind(
                "市级以上部门通报表扬",
                D("10"),
                Rule.BONUS,
                "上饶市级以上部门通报表扬的,每次加5分,最多加10分。",
                (I("上饶市级以上部门通报表扬", unit=D("5"), source="commendations"),),
            ),
            Ind(
                "市级以上媒体正面报道",
                D("10"),
                Rule.BONUS,
                "上饶市级以上新闻媒体正面宣传报道的,每次加5分,最多加10分。",
                (I("上饶市级以上新闻媒体正面宣传报道", unit=D("5"), source="positive_media"),),
            ),
        ),
    ),
)
