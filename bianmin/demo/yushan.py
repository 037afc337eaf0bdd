"""The demo county: 玉山县 (上饶市, 江西省) with its 16 township units of 2018.

The township list is the plan's; the statistical codes follow the national scheme (0xx 街道,
1xx 镇, 2xx 乡 — 冰溪 and 文成 were still 镇 in 2018) but the exact numbers, the village and
community names, the hall areas, the people and the phone numbers are ILLUSTRATIVE: made up for
the demonstration, not taken from official records.
"""

COUNTY = {"code": "361123", "name": "玉山县", "city": "上饶市", "province": "江西省"}

# (code suffix, name, kind, hall area ㎡, mandatory line deliberately missing, villages)
# Village names ending in 社区 become communities (code 1xx), the rest villages (code 2xx).
TOWNSHIPS = [
    (
        "100",
        "冰溪镇",
        "town",
        320,
        None,
        ["东门社区", "西门社区", "南门社区", "城北社区", "城东社区", "七里街村", "下王村"],
    ),
    ("101", "临湖镇", "town", 215, None, ["临湖村", "金塘村", "泉塘村", "徐家村", "祝家村", "东风村"]),
    ("102", "必姆镇", "town", 165, None, ["必姆村", "南洲村", "高泉村", "下洋村", "上洋村"]),
    ("103", "横街镇", "town", 185, None, ["横街村", "枫林村", "岭头村", "桥头村", "溪边村", "新塘村"]),
    ("104", "文成镇", "town", 236, None, ["文成社区", "岩底村", "坞头村", "胡家村", "汪村"]),
    ("105", "下镇镇", "town", 120, None, ["下镇村", "毛家村", "西坑村", "大塘村", "罗家村"]),
    ("106", "岩瑞镇", "town", 150, None, ["岩瑞村", "詹家村", "程家村", "官溪村", "浆田村", "上源村"]),
    ("107", "双明镇", "town", 105, None, ["双明村", "里山村", "小坑村", "赤岭村", "塘尾村"]),
    ("108", "紫湖镇", "town", 92, "综治信访", ["紫湖村", "张岭村", "桐岭村", "西山村", "三清村", "占坑村"]),
    ("109", "樟村镇", "town", 140, None, ["樟村村", "仁宅村", "叶家村", "竹林村", "毛岭村"]),
    ("110", "仙岩镇", "town", 156, None, ["仙岩村", "大埂村", "上坊村", "蒋家村", "石门村"]),
    ("200", "怀玉乡", "xiang", 112, None, ["怀玉村", "玉峰村", "金钟村", "张村", "旺源村"]),
    ("201", "南山乡", "xiang", 80, "医疗保险", ["南山村", "方村", "黄坑村", "胡村", "山头村"]),
    ("202", "下塘乡", "xiang", 100, None, ["下塘村", "上塘村", "洪家村", "芦林村", "陈家村"]),
    ("203", "四股桥乡", "xiang", 131, None, ["四股桥村", "桥东村", "平家村", "彭家村", "石塘村", "东岸村"]),
    ("204", "六都乡", "xiang", 172, None, ["六都村", "新岭村", "黄土岭村", "下湖村", "胡家湾村"]),
]

KIND_LABEL = {"street": "街道", "town": "镇", "xiang": "乡"}

# Resident windows "5+x": the five mandatory lines first, then x lines by hall size.
MANDATORY = ["民政", "劳动保障", "卫计", "医疗保险", "综治信访"]
EXTRA_BY_SIZE = [(200, ["社会保险", "社会救助", "涉农补贴"]), (150, ["社会保险", "涉农补贴"]), (0, ["社会救助"])]

DEPARTMENTS = [
    ("民政所", "民政"),
    ("劳动保障事务所", "劳动保障"),
    ("卫生计生办公室", "卫计"),
    ("医疗保险服务站", "医疗保险"),
    ("综治办(信访办)", "综治信访"),
    ("农业综合服务站", None),
    ("林业工作站", None),
    ("财政所", None),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾"
    "彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌辉鹏飞海燕丹宇晨欣怡雪琳"

OPENING_HOURS = "周一至周五 上午8:00-12:00,下午14:30-17:30(法定节假日除外)"
COMMITMENTS = "首问负责、一次性告知、限时办结;即办件当场办结,承诺件按承诺时限办结;不推诿、不刁难、不吃拿卡要。"
CENTRE_DUTIES = "负责本乡镇(街道)进驻事项的受理、办理和协调,指导村居便民服务代办点工作,公开办事指南,接受群众监督。"

# Demo logins, one per role (never used in production settings). Centre A = 冰溪镇, B = 临湖镇,
# point A1 = 冰溪镇's first village or community.
DEMO_PASSWORD = "Yushan@2018"
DEMO_LOGINS = [
    ("county_admin", "county_admin", "县管委会管理员", None),
    ("inspector", "inspector", "县督查员", None),
    ("director_a", "centre_director", "冰溪镇便民服务中心主任", "100"),
    ("clerk_a", "clerk", "冰溪镇便民服务中心窗口人员", "100"),
    ("director_b", "centre_director", "临湖镇便民服务中心主任", "101"),
    ("clerk_b", "clerk", "临湖镇便民服务中心窗口人员", "101"),
    ("agent_a1", "agent", "东门社区代办点代办员", "100"),
]
