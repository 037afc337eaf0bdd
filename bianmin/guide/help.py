"""“本页说明”: what each staff page is for and which clause of the plan it serves, keyed by URL
name. ``{% page_help %}`` in the base layout shows the entry of the current page, collapsed.

Every named URL of the staff pages is either here or in ``NOT_PAGES`` (actions that only answer a
POST, downloads, fragments, redirects): a test walks the URL configuration, so a new page without
help fails it.
"""

from typing import NamedTuple


class Help(NamedTuple):
    text: str
    clause: str  # the plan's clause (or the law) the page serves; "" for housekeeping pages


H = Help
HELP: dict[str, Help] = {
    "home": H("工作台:按您的角色汇总需要关注的事项——办件、红黄灯、月报和标准化差距。", "五(一)"),
    "password_change": H("修改本人登录密码。管理员设置的临时密码必须在首次登录时修改。", ""),
    "password_change_done": H("密码已修改,请用新密码登录其他电脑。", ""),
    # organisation
    "org:centre_list": H(
        "全县(或本中心)便民服务中心一览:大厅类型、“5+x”必设窗口缺项、代办点覆盖。", "四(一)2、四(一)3"
    ),
    "org:centre_detail": H(
        "一个中心的基本信息、硬件设施、窗口、人员、授权委托和代办点,并逐项对照建设标准。", "四(一)1—3"
    ),
    "org:centre_edit": H("修改中心的名称、地址、办公时间、电话、大厅面积、主任和硬件设施清单。", "四(一)1(1)、四(一)2"),
    "org:window_create": H("新增窗口:常驻窗口须选业务条线;综合窗口、咨询导办窗口可不选。", "四(一)3"),
    "org:window_list": H("全部窗口及其类型、业务条线和窗口人员。", "四(一)3"),
    "org:window_detail": H("一个窗口的吊牌名称、职责、人员和授权站所。", "四(一)3、四(一)4(7)"),
    "org:window_edit": H("修改窗口的名称、类型、业务条线、职责和窗口人员。", "四(一)3"),
    "org:point_list": H("村居便民代办点一览:场地、收发件窗口、人员和“两牌三栏”达标情况。", "四(二)"),
    "org:point_detail": H("一个代办点的信息、人员和标准化对照。", "四(二)"),
    "org:point_edit": H("修改代办点的地址、面积、窗口数、负责人和设施。", "四(二)2"),
    "org:staff_list": H("工作人员名册(岗位公示牌内容);人员调整请及时报备。", "四(一)1(2)、四(一)2(1)"),
    "org:staff_create": H("登记新的工作人员,可同时开通登录账号。", "四(一)1(2)"),
    "org:staff_detail": H("一名工作人员的岗位、职务、电话和账号;县管委会可在此重置其密码。", "四(一)1(2)"),
    "org:staff_edit": H("修改工作人员信息;“在岗”取消后其账号随之停用。", "四(一)1(2)"),
    "org:audit_log": H("组织机构的每一次修改:谁、何时、原值→新值(电话打码)。", "四(一)1(2) 如发生人员调整须及时报备"),
    # adoption
    "adoption:wizard": H("首次部署向导:本县名称和代码→组织机构工作簿→事项目录→工作日历→考核细则。", "四、五(三)"),
    "adoption:org_import": H(
        "用Excel工作簿一次导入或更新全县乡镇、村、中心、窗口、代办点、人员、站所和授权;有错不写入。",
        "四(一)1、四(一)3、四(一)4(7)、四(二)",
    ),
    "adoption:redistricting": H("登记乡镇更名、撤镇设街道、调整代码或撤并;历史办件和报表保持正确。", "四(一)"),
    # calendar
    "workcalendar:current": H(
        "法定工作日历:放假、调休上班和本地调整;办结时限按工作日计算。", "四(一)4(3) 限时办结制;行政许可法第82条"
    ),
    "workcalendar:year": H("一年的工作日历;录入国务院办公厅发布的节假日安排。", "四(一)4(3)"),
    # catalogue
    "catalogue:item_list": H(
        "政务服务事项目录:每个事项的办事指南(依据、条件、材料、流程、时限、收费)。", "四(一)3、四(一)4(6)"
    ),
    "catalogue:item_create": H("新建事项(草稿),发布后才对窗口和群众可见。", "四(一)4(6)"),
    "catalogue:item_detail": H("事项的现行办事指南、公开内容核对和版本记录。", "四(一)4(6) 办事公开制"),
    "catalogue:item_settings": H("事项的编码、俗称、业务条线和是否在用。", "四(一)3"),
    "catalogue:draft_edit": H("编辑办事指南草稿;发布后生成新版本,旧版本保留。", "四(一)4(6)"),
    "catalogue:draft_materials": H("编辑申请材料清单(一次性告知单据此生成)。", "四(一)4(2) 一次性告知制"),
    "catalogue:version_detail": H("某一版办事指南的原文(已发布的版本不再改动)。", "四(一)4(6)"),
    "catalogue:centre_list": H(
        "本中心的事项实施清单:办理哪些事项、在哪个窗口受理;“涉群必进”核对。", "四(一)3 涉群必进"
    ),
    "catalogue:centre_list_edit": H("勾选本中心办理的事项并指定受理窗口。", "四(一)3"),
    "catalogue:import": H("用Excel导入事项目录;全部检查通过才写入。", "四(一)4(6)"),
    "catalogue:search": H("按汉字、全拼或拼音首字母查找事项。", "四(一)4(2)"),
    "catalogue:item_print": H(
        "打印办事指南(A4,带二维码),放在窗口供群众取阅。", "四(一)2(3) 在各窗口放置相应的办事指南"
    ),
    "catalogue:handbook": H("本中心《便民服务指南》手册,可打印。", "附件 便民服务指南"),
    # cases
    "cases:queue": H("我的待办:本窗口或本代办点需要处理的办件,按期限排序。", "四(一)4(3) 限时办结制"),
    "cases:list": H("办件查询:按状态、事项、窗口、期限筛选。", "四(一)3 设置和登记规范的工作台帐"),
    "cases:intake": H("收件第一步:查找要办理的事项。", "四(一)4(1) 首问负责制"),
    "cases:intake_form": H("收件第二步:登记申请人并逐项核对材料;齐全即受理,缺件出具一次性告知单。", "四(一)4(2)(3)"),
    "cases:detail": H("办件的信息、材料、文书和办理过程;右侧是您现在可以做的操作。", "四(一)4(3) 限时办结制"),
    "cases:notice_print": H(
        "打印文书(受理通知书/承诺件告知单、一次性告知单、延期告知书等),随时原样重印。", "四(一)4(2)(3)"
    ),
    "cases:ledger": H("台账:月度登记簿和统计簿,可导出Excel。", "四(一)3、附件 规范办事制度(台账)"),
    "cases:consultation_list": H("咨询登记:首问负责的咨询和引导记录。", "四(一)4(1) 首问负责制"),
    "cases:consultation_new": H("登记一次咨询(一次性完整告知)。", "四(一)4(1)(2)"),
    "cases:consultation_detail": H("一次咨询的记录和后续。", "四(一)4(1)"),
    "cases:point_record_list": H("代办点的帮扶、调解记录。", "四(二)3 代办、咨询、帮扶、调解"),
    "cases:point_record_new": H("登记一次帮扶或调解。", "四(二)3"),
    # supervision
    "supervision:rating_list": H("好差评:群众对办件的评价;差评须回访和整改。", "二(四)、五(二)"),
    "supervision:rectification_list": H("差评整改登记:回访、核实、整改和办结。", "五(二)"),
    "supervision:rectification_detail": H("一项整改的回访、核实和结果。", "五(二)"),
    "supervision:complaint_list": H(
        "投诉举报登记簿:来源、受理、调查、答复和期限。", "四(一)2(3) 安排专人负责投诉受理和记录"
    ),
    "supervision:complaint_register": H("登记来自投诉箱、电话、12345、媒体的投诉举报。", "四(一)2(3)"),
    "supervision:complaint_detail": H("一件投诉的办理过程:指派、调查、核实(属实/不属实)、答复。", "附件 运行监督情况"),
    "supervision:inspection_list": H("督导检查和明察暗访记录。", "五(一)(二)"),
    "supervision:inspection_new": H("登记一次督导或明察暗访。", "五(一)(二)"),
    "supervision:inspection_detail": H("一次检查的发现、要求整改和整改情况。", "五(一)(二)"),
    "supervision:finding_list": H("视频监控发现的问题及扣分。", "五(一)、附件 视频监控情况"),
    "supervision:finding_new": H("登记一次视频监控发现(空岗、玩手机、聊天等)。", "附件 视频监控情况"),
    "supervision:finding_detail": H("一条视频监控发现及其扣分。", "附件 视频监控情况"),
    "supervision:press_list": H("新闻报道(正面宣传与曝光)。", "附件 加分项目、群众满意情况"),
    "supervision:press_new": H("登记一篇新闻报道。", "附件"),
    "supervision:press_detail": H("一篇报道的记录。", "附件"),
    "supervision:bulletin_list": H("上级通报(表扬与批评)。", "附件 加分项目、群众满意情况"),
    "supervision:bulletin_new": H("登记一份上级通报。", "附件"),
    "supervision:bulletin_detail": H("一份通报的记录。", "附件"),
    # operations
    "operations:home": H("日常管理:考勤、请销假、运行日志、动态巡查、人员调整报备。", "四(一)4(4) 日常管理制"),
    "operations:today": H("今日:签到签退、今日在岗和今日日志。", "四(一)4(4)"),
    "operations:on_post": H("各窗口此刻在岗人员。", "四(一)4(4)、附件 无故空岗"),
    "operations:attendance_list": H("考勤记录:每人每天的签到签退、迟到早退和补录。", "四(一)4(4) 考勤"),
    "operations:attendance_enter": H("补录考勤:漏签或系统故障时由中心主任补录,注明原因。", "四(一)4(4)"),
    "operations:attendance_summary": H("考勤汇总(按人按月)。", "附件 内部管理制度"),
    "operations:leave_list": H("请销假记录;请假人员在岗位公示牌显示“请假”。", "附件 严格执行请销假制度"),
    "operations:leave_new": H("提交请假申请,由中心主任审批。", "附件 请销假制度"),
    "operations:leave_detail": H("一次请假的审批和销假。", "附件 请销假制度"),
    "operations:log_list": H("中心运行日志(每个工作日一篇)。", "四(一)4(4) 填写好中心运行日志"),
    "operations:log_new": H("填写今日运行日志(已按当日记录预填)。", "四(一)4(4)"),
    "operations:log_detail": H("一篇运行日志。", "四(一)4(4)"),
    "operations:log_edit": H("修改运行日志。", "四(一)4(4)"),
    "operations:patrol_list": H("动态巡查记录。", "五(一) 每日进行动态巡查"),
    "operations:patrol_new": H("登记一次动态巡查。", "五(一)"),
    "operations:patrol_detail": H("一次巡查的发现和纠正。", "五(一)"),
    "operations:staff_change_list": H("人员调整报备,县管委会确认。", "四(一)1(2) 如发生人员调整须及时报备"),
    "operations:staff_change_new": H("报备一次人员调整。", "四(一)1(2)"),
    "operations:staff_change_detail": H("一次人员调整报备及确认。", "四(一)1(2)"),
    # monitoring
    "monitoring:dashboard": H(
        "电子监察:超期和临期办件、整改、投诉、月报、日志、空岗的红黄灯及趋势。", "五(一) 日常电子监察"
    ),
    "monitoring:light_list": H("某一类红黄灯的明细,点击进入记录处理。", "五(一)"),
    # reports
    "reports:county": H("全县月报一览:按时、逾期、未报送及主要数据、同比环比。", "四(一)4(5) 信息报送制"),
    "reports:county_print": H("全县月报汇总表(A4打印)。", "四(一)4(5)"),
    "reports:centre": H("本中心各月报送情况(每月按时报送得0.5分)。", "四(一)4(5)、附件 材料上报"),
    "reports:detail": H("一个月的信息报送:数据由系统汇总,主任填写总结后于次月5日前报送。", "四(一)4(5)"),
    "reports:report_print": H("月报报送表(A4打印)。", "四(一)4(5)"),
    # assessment
    "assessment:index": H("年度考核:各中心得分排名和去年对比。", "五(三) 进行年度考核"),
    "assessment:year": H("一个年度的考核:自动评分、现场评分、发布。", "五(三)、附件"),
    "assessment:sheet": H("一个中心的考核评分表,与附件逐项对应,附证据。", "附件 考核评分细则"),
    "assessment:year_print": H("年度考核汇总(A4打印)。", "五(三)"),
    "assessment:sheet_print": H("考核评分表(A4打印)。", "附件"),
    "assessment:rubric_list": H("考核评分细则(按年度);默认载入方案附件。", "五(三)、附件"),
    "assessment:rubric_detail": H("一套考核细则的内容。", "附件"),
    "assessment:rubric_print": H("打印考核细则。", "附件"),
    "assessment:rubric_copy": H("把已发布的细则复制为某年度的草稿再修改。", "五(三) 量化考核指标"),
    "assessment:rubric_edit": H("编辑草稿细则的名称、年度和说明。", "五(三)"),
    "assessment:rubric_section_add": H("在草稿中增加考核内容。", "五(三)"),
    "assessment:rubric_section_edit": H("修改考核内容。", "五(三)"),
    "assessment:rubric_indicator_add": H("增加考核指标(分值、评分规则)。", "五(三)"),
    "assessment:rubric_indicator_edit": H("修改考核指标。", "五(三)"),
    "assessment:rubric_item_add": H("增加评分细则条目。", "五(三)"),
    "assessment:rubric_item_edit": H("修改评分细则条目。", "五(三)"),
    "assessment:progress": H("标准化建设进度:各中心达标情况、计划和两年目标。", "三 总体目标"),
    "assessment:progress_print": H("标准化建设进度(A4打印)。", "三"),
    "assessment:progress_centre": H("一个中心的标准化清单和整改计划。", "三、四(一)"),
    "assessment:progress_target": H("为中心的差距登记整改计划和目标日期。", "三"),
    "assessment:progress_point_target": H("为代办点的差距登记整改计划和目标日期。", "三、四(二)"),
    # hall screens
    "hall:notice_list": H("大厅电子显示屏轮播的内容(惠民政策、工作动态、招聘)。", "四(一)2(3) 电子显示屏"),
    "hall:notice_new": H("新增一条显示屏内容。", "四(一)2(3)"),
    "hall:notice_edit": H("修改显示屏内容。", "四(一)2(3)"),
    # personal data and machine access
    "privacy:reveal_log": H(
        "谁在何时查看过哪件办件的申请人完整证件号码;可按日期和中心筛选、导出。超过保存期限的个人信息由系统定期匿名化。",
        "《个人信息保护法》第19、51、54条",
    ),
    "api:tokens": H(
        "接口令牌:供县级业务系统、省政务服务网数据交换调用接口;令牌只显示一次,可随时撤销。",
        "四(一)3 网上审批系统、附件 互联网+政务服务",
    ),
    # hall queue
    "hallqueue:overview": H(
        "大厅排队:各取号业务正在等候的人数、最长等候时间和各窗口正在办理的号。", "四(一)2 前台窗口式服务"
    ),
    "hallqueue:window": H(
        "窗口叫号:叫下一位、重呼、开始办理、办结;过号的可重新排队,需要办件时从这里收件登记。",
        "四(一)2、四(一)4(1) 首问负责制",
    ),
    "hallqueue:ticket_print": H("补打取号单(小票),号码、业务、前面等候人数和查看进度的二维码。", "四(一)2"),
    "hallqueue:figures": H(
        "排队统计:按业务、窗口和时段的等候时长、办理时长、取号量和过号率。", "附件 优质服务和监督制度"
    ),
    "hallqueue:appointments": H("预约登记:群众在门户网站预约的时段、签到和失约情况。", "四(一)2 前台窗口式服务"),
    "hallqueue:line_list": H("取号业务设置:每个业务的号码字母、服务窗口、预约容量。", "四(一)2"),
    "hallqueue:line_new": H("新增一个取号业务(号码字母和服务它的窗口)。", "四(一)2"),
    "hallqueue:line_edit": H("修改取号业务:名称、字母、服务窗口、是否可预约及每时段名额。", "四(一)2"),
    # help itself
    "guide:index": H("用户指南:按角色一步步说明如何完成工作。", ""),
    "guide:page": H("本角色的用户指南;截图来自演示县。", ""),
}

# Named URLs that are not pages of their own: they answer a POST and redirect, download a file,
# fill part of a page (htmx), or redirect. Each has the help of the page it belongs to.
NOT_PAGES = {
    # the health check of the proxy and monitoring (JSON, no database)
    "healthz",
    # POST actions
    "logout",
    "workcalendar:configure",
    "workcalendar:local_day",
    "workcalendar:day_delete",
    "catalogue:draft_publish",
    "catalogue:draft_discard",
    "cases:act",
    "cases:reveal",
    "cases:attach",
    "api:revoke",
    "hallqueue:act",
    "hallqueue:issue",
    "hallqueue:lines_from_windows",
    "hallqueue:ticket_act",
    "supervision:complaint_assign",
    "supervision:complaint_investigate",
    "supervision:complaint_verify",
    "supervision:complaint_reply",
    "supervision:inspection_annul",
    "supervision:inspection_rectify",
    "supervision:finding_annul",
    "supervision:press_annul",
    "supervision:bulletin_annul",
    "operations:sign_in",
    "operations:sign_out",
    "assessment:year_open",
    "assessment:year_autoscore",
    "assessment:year_publish",
    "assessment:sheet_autoscore",
    "assessment:sheet_correct",
    "assessment:sheet_publish",
    "assessment:score_save",
    "assessment:score_restore",
    "assessment:rubric_load_default",
    "assessment:rubric_publish",
    "assessment:rubric_delete",
    "assessment:rubric_section_remove",
    "assessment:rubric_section_move",
    "assessment:rubric_indicator_remove",
    "assessment:rubric_indicator_move",
    "assessment:rubric_item_remove",
    "assessment:rubric_item_move",
    "adoption:password_reset",
    # downloads (xlsx, pdf, files)
    "catalogue:export",
    "catalogue:centre_export",
    "catalogue:import_template",
    "catalogue:item_pdf",
    "catalogue:handbook_pdf",
    "cases:attachment",
    "cases:notice_pdf",
    "cases:ledger_xlsx",
    "privacy:reveal_log_xlsx",
    "supervision:complaint_export",
    "supervision:complaint_evidence",
    "supervision:inspection_xlsx",
    "supervision:inspection_evidence",
    "supervision:finding_xlsx",
    "supervision:finding_evidence",
    "supervision:press_xlsx",
    "supervision:press_evidence",
    "supervision:bulletin_xlsx",
    "supervision:bulletin_evidence",
    "operations:attendance_export",
    "operations:attendance_summary_export",
    "operations:leave_export",
    "operations:log_export",
    "operations:patrol_export",
    "operations:patrol_evidence",
    "operations:staff_change_export",
    "reports:county_xlsx",
    "reports:county_pdf",
    "reports:report_xlsx",
    "reports:report_pdf",
    "assessment:year_xlsx",
    "assessment:year_pdf",
    "assessment:sheet_xlsx",
    "assessment:sheet_pdf",
    "assessment:score_evidence",
    "adoption:template",
    "adoption:export",
    "guide:image",
    "guide:pdf",
    # fragments and redirects
    "supervision:finding_effects",
    "cases:progress",
    "reports:index",
}

# Pages for the public, the hall screens and sign-in: outside the staff layout, no 本页说明.
# The REST API documents itself (/api/v1/docs); its URLs are not pages.
PUBLIC_PREFIXES = ("portal:", "screens:", "queue_public:", "queue_screens:", "admin:", "api-v1:")
PUBLIC_NAMES = {"login"}


def help_for(url_name: str | None) -> Help | None:
    return HELP.get(url_name or "")
