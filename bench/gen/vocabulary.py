"""Words for the generated province: fictional places of 江南省, unit names at each level, and the
text of proposals and 社情民意 reports built from the demo apps' topic vocabularies (reused from
proposals/demo_words.py and sentiment/demo_data.py) plus the further topics and phrases below."""

from proposals import demo_words as pw
from sentiment import demo_data as sw

CITY_NAMES = ["云州", "清川", "南屏", "鹭江", "梧城", "望海", "石湖", "丰乐", "安澜", "青溪", "金沙", "平川", "玉泉"]
COUNTY_ROOTS = [
    "东湖",
    "西山",
    "南岭",
    "北塘",
    "龙泉",
    "凤鸣",
    "桃源",
    "柳溪",
    "松岗",
    "竹林",
    "梅岭",
    "兰亭",
    "桂岭",
    "荷塘",
    "杏坛",
    "枫桥",
    "槐荫",
    "樟树",
    "杨柳",
    "梨园",
    "白沙",
    "黄泥",
    "赤岸",
    "青石",
    "乌溪",
    "金塘",
    "银湖",
    "铜山",
    "铁岭",
    "石门",
    "长乐",
    "永宁",
    "安平",
    "太和",
    "广德",
    "新昌",
    "盛泽",
    "兴隆",
    "富阳",
    "寿昌",
    "仙居",
    "灵岩",
    "天台",
    "云和",
    "临川",
    "望江",
    "观澜",
    "听涛",
    "沐阳",
    "晨光",
    "朝阳",
    "夕照",
    "双溪",
    "三河",
    "四方",
    "五峰",
    "六合",
    "七星",
    "八里",
    "九华",
    "百花",
    "千岛",
    "万安",
    "上林",
    "中和",
    "下沙",
    "前洲",
    "后湖",
    "左岸",
    "右江",
    "高桥",
    "低塘",
    "大荆",
    "小营",
    "红旗",
    "绿洲",
    "紫阳",
    "碧溪",
    "翠屏",
    "丹霞",
    "玉环",
    "珠山",
    "宝应",
    "瑞安",
    "祥符",
    "嘉禾",
    "丰泽",
    "惠民",
    "和平",
    "春江",
    "秋浦",
    "雪峰",
    "霞浦",
    "虹口",
    "星沙",
    "月湖",
    "日新",
    "晴川",
    "雨花",
    "风华",
]

LEVEL_CHAR = {"province": "省", "city": "市", "county": "区"}

# Units that keep 局 at provincial level (the rest become 厅, as in a real province).
_KEEP_JU = ("统计局", "体育局", "医疗保障局", "市场监督管理局", "数据局", "信访局", "机关事务管理局")


def place_of(short_name):
    """临江市政协 → 临江市."""
    return short_name[: -len("政协")] if short_name.endswith("政协") else short_name


def level_char(level, place):
    if level == "county":
        return place[-1]  # 区 or 县
    return LEVEL_CHAR[level]


def unit_name(city_name, level, place):
    """A handling unit of the demo city (市教育局) as the same office is called at this level."""
    if level == "city":
        return city_name.replace("临江", place.removesuffix("市"))
    c = level_char(level, place)
    bare = place.removesuffix("市") if level != "county" else place
    special = {
        "共青团临江市委员会": f"共青团{bare}委员会",
        "国网临江供电公司": f"国网{bare}{'电力公司' if level == 'province' else '供电公司'}",
        "市中级人民法院": "省高级人民法院" if level == "province" else f"{c}人民法院",
    }
    if city_name in special:
        return special[city_name]
    name = c + city_name[1:] if city_name.startswith("市") else city_name
    if level == "province" and name.endswith("局") and not name.endswith(_KEEP_JU):
        name = name[:-1] + "厅"
    return name


def unit_short(city_short, level, place):
    if not city_short:
        return ""
    if level == "city":
        return city_short.replace("临江", place.removesuffix("市"))
    c = level_char(level, place)
    return c + city_short[1:] if city_short.startswith("市") else city_short.replace("临江", place)


def body_name(city_body, place):
    return city_body.replace("临江市", place)


def localise(text, level, place):
    """The demo texts speak of 我市/全市/临江: say it as this committee would."""
    c = level_char(level, place)
    if c == "市":
        return text.replace("临江", place.removesuffix("市"))
    bare = place.removesuffix("市")
    return (
        text.replace("我市", f"我{c}")
        .replace("全市", f"全{c}")
        .replace("市政府", f"{c}政府")
        .replace("市级", f"{c}级")
        .replace("市委", f"{c}委")
        .replace("临江", bare)
    )


# --- proposals -------------------------------------------------------------------------------

# More topics per category, in the shape of proposals.demo_words.TOPICS.
EXTRA_TOPICS = {
    "经济建设": [
        ("加快培育专精特新中小企业", "专精特新企业", "市工业和信息化局"),
        ("推动跨境电商综合试验区建设", "跨境电商", "市商务局"),
        ("盘活闲置低效工业用地", "低效用地", "市自然资源和规划局"),
        ("完善政府投资项目审批服务", "项目审批", "市发展和改革委员会"),
    ],
    "农业农村": [
        ("推进农村宅基地规范管理", "宅基地管理", "市农业农村局"),
        ("发展农产品冷链物流", "冷链物流", "市商务局"),
        ("加强耕地保护和撂荒地整治", "耕地保护", "市自然资源和规划局"),
        ("推进数字乡村建设", "数字乡村", "市农业农村局"),
    ],
    "城乡建设": [
        ("推进城中村改造和保障性住房建设", "城中村改造", "市住房和城乡建设局"),
        ("加强城市内涝治理", "内涝治理", "市水利局"),
        ("规范共享单车和电动自行车停放管理", "非机动车管理", "市城市管理局"),
        ("推进无障碍环境建设", "无障碍环境", "市住房和城乡建设局"),
    ],
    "教育": [
        ("加强中小学体育和美育工作", "体育美育", "市教育局"),
        ("推进特殊教育融合发展", "特殊教育", "市教育局"),
        ("规范校外培训机构管理", "校外培训治理", "市教育局"),
        ("加强中小学食堂食品安全管理", "校园食品安全", "市市场监督管理局"),
    ],
    "科技": [
        ("建设高水平新型研发机构", "新型研发机构", "市科学技术局"),
        ("加强科技型中小企业梯度培育", "科技型企业", "市科学技术局"),
        ("推进科技金融深度融合", "科技金融", "市财政局"),
    ],
    "文化旅游": [
        ("加强革命文物保护利用", "革命文物", "市文化广电旅游局"),
        ("推进城市书房和农家书屋提质", "全民阅读", "市文化广电旅游局"),
        ("发展研学旅行和红色旅游", "研学旅行", "市文化广电旅游局"),
        ("推动体育赛事与旅游融合", "体旅融合", "市体育局"),
    ],
    "医疗卫生": [
        ("完善院前急救体系建设", "院前急救", "市卫生健康委员会"),
        ("推进中医药传承创新发展", "中医药发展", "市卫生健康委员会"),
        ("加强社区心理健康服务", "心理健康服务", "市卫生健康委员会"),
        ("优化婴幼儿照护服务供给", "托育服务", "市卫生健康委员会"),
    ],
    "社会保障": [
        ("完善长期护理保险制度", "长期护理保险", "市医疗保障局"),
        ("加强残疾人就业帮扶", "残疾人就业", "市民政局"),
        ("推进城乡居民养老保险提标扩面", "居民养老保险", "市人力资源和社会保障局"),
        ("保障新市民和青年人住房需求", "新市民住房", "市住房和城乡建设局"),
    ],
    "生态环境": [
        ("推进农业面源污染治理", "面源污染治理", "市生态环境局"),
        ("加强噪声污染防治", "噪声污染防治", "市生态环境局"),
        ("推进废旧物资循环利用体系建设", "循环利用", "市商务局"),
        ("加强湿地保护和生物多样性保护", "湿地保护", "市自然资源和规划局"),
    ],
    "政法": [
        ("加强社区矫正工作", "社区矫正", "市司法局"),
        ("推进诉源治理和多元解纷", "诉源治理", "市中级人民法院"),
        ("加强食品药品安全执法", "食药安全执法", "市市场监督管理局"),
        ("提升道路交通安全治理水平", "道路交通安全", "市公安局"),
    ],
}

TOPICS = {c: pw.TOPICS[c] + EXTRA_TOPICS.get(c, []) for c in pw.TOPICS}

TITLE_TEMPLATES = [
    "关于{prefix}{topic}的建议",
    "关于{prefix}{topic}的建议",
    "关于{prefix}{topic}的提案",
    "关于在{place}{prefix}{topic}的建议",
    "关于{prefix}{topic}若干问题的建议",
]

ELABORATIONS = [
    "从调研情况看，群众对此反映强烈，基层干部也普遍认为需要从制度层面加以解决",
    "部分地方虽已开展探索，但做法不一、标准不统一，尚未形成可复制推广的经验",
    "相关政策分散在多个部门，基层执行中存在“最后一公里”梗阻",
    "与周边先进地区相比，我们在投入强度、推进力度和群众满意度上都有一定差距",
    "这一问题如不及时解决，将影响群众的获得感和对政府工作的评价",
    "一些措施落实不够到位，存在“上热中温下冷”的现象",
]
SUGGESTION_DETAILS = [
    "要明确牵头部门和责任分工，建立定期通报和督查机制",
    "可借鉴先进地区经验，结合本地实际制定具体实施细则",
    "要加强政策评估，及时发现和解决实施中出现的新情况新问题",
    "同时注重发挥社会组织和志愿者作用，形成共建共治共享格局",
    "要把群众满意度作为检验工作成效的重要标准",
    "资金安排上要向基层和薄弱环节倾斜，确保取得实效",
]
NUMERALS = "一二三四五"


def proposal_text(rng, topic, short, level, place):
    """(grounds, suggestions) of about 800–1,500 characters, in the 情况分析—具体建议 shape."""
    c = level_char(level, place)
    problems = rng.sample(pw.PROBLEMS, 3)
    elaborations = rng.sample(ELABORATIONS, 3)
    n, p = rng.randint(12, 96), rng.randint(18, 85)
    grounds = "\n".join(
        [
            f"{short}事关群众切身利益，是推动高质量发展的重要内容。近年来，我{c}在{short}方面{rng.choice(pw.ACHIEVEMENTS)}。"
            f"但与群众期待和先进地区相比，仍存在一些突出问题。",
            f"一是{problems[0]}。{elaborations[0]}。",
            f"二是{problems[1]}。{elaborations[1]}。",
            f"三是{problems[2]}。{elaborations[2]}。",
            rng.choice(pw.DATA).format(n=n, p=p).replace("全市", f"全{c}")
            + f"。这些问题在一定程度上制约了{short}工作的深入开展，需要引起高度重视。",
        ]
    )
    chosen = rng.sample(pw.SUGGESTIONS, 4)
    details = rng.sample(SUGGESTION_DETAILS, 4)
    suggestions = "\n".join(f"{NUMERALS[i]}、{s.format(short=short)}。{details[i]}。" for i, s in enumerate(chosen))
    return localise(grounds, level, place), localise(suggestions, level, place)


def proposal_title(rng, topic, place):
    template = rng.choice(TITLE_TEMPLATES)
    return template.format(prefix=rng.choice(pw.PREFIXES), topic=topic, place=place)


def reply_text(code, title, short, level, place):
    from proposals.seed import _reply_text

    return localise(_reply_text(code, title, short), level, place)


# --- 社情民意 -------------------------------------------------------------------------------

REPORT_TOPICS = sw.TOPICS
REPORT_PREFIXES = ["", "加强", "进一步做好", "改进", "完善", "推进"]
REPORT_OPENINGS = [
    "近期，我们在走访调研中了解到",
    "据基层群众反映",
    "近来社会上对此议论较多",
    "据对部分社区和企业的走访",
]


def report_text(rng, topic, level, place):
    title, content = sw.report_text(topic, place)
    prefix = rng.choice(REPORT_PREFIXES)
    if prefix:
        title = title.replace("关于", f"关于{prefix}", 1)
    extra = f"{rng.choice(REPORT_OPENINGS)}，{rng.choice(ELABORATIONS)}。"
    content = content.replace("为此建议：", extra + "\n为此建议：", 1)
    return localise(title, level, place), localise(content, level, place)


LEADER_TITLES = {
    "county": ["{c}委书记", "{c}长", "副{c}长"],
    "city": ["市委书记", "市长", "副市长"],
    "province": ["省委书记", "省长", "副省长"],
    "central": ["中央领导同志"],
}
COMMENTS = sw.COMMENTS

# --- people ----------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明丽军伟芳秀英敏静强磊洋勇艳杰娟涛超霞平刚桂兰志红新春文宇晨博佳欣雨婷海燕玉梅飞鹏晓立栋振宏丹萍亮斌思远卫东毅昊彬琳瑶俊凯"
POSTS = [
    ("{place}人民医院", "主任医师"),
    ("{place}第一中学", "校长"),
    ("{place}农商银行", "行长"),
    ("{place}律师协会", "副会长"),
    ("{place}科技有限公司", "总经理"),
    ("{place}农业合作社", "理事长"),
    ("{place}文化馆", "馆长"),
    ("{place}工商业联合会", "副主席"),
    ("{place}规划设计研究院", "高级工程师"),
    ("{place}职业技术学校", "副校长"),
    ("{place}中医院", "院长"),
    ("{place}社会组织服务中心", "主任"),
]
