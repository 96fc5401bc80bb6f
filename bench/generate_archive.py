#!/usr/bin/env python3
"""Generate a synthetic archive of parsed newspaper pages for import and search benchmarks.

The pages copy the shape of the real examples (resources/sample/000_758893745608affc.txt and the
qingxi fixtures): front matter and masthead on page 1, a three-line header on inner pages,
`## ` headlines, bylines, photo captions after three blank lines, column breaks, stray hotline
boxes, jump lines, HTML tables, a few GB18030 + CRLF files and a few with a UTF-8 BOM.

    python bench/generate_archive.py OUT_DIR --pages N [--seed S] [--pages-per-issue K]
                                     [--publications P] [--jobs J]

Every issue draws from its own random.Random seeded by (seed, publication, day), so the same
seed gives byte-identical files whatever the number of worker processes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lunardate import LunarDate

SEED_FILE = "000_758893745608affc.txt"
START_DATE = dt.date(2015, 1, 1)
GAP = None  # in a chunk list: the next separator is three blank lines (an image was removed)
SHARE_GB18030 = 0.02
SHARE_BOM = 0.005

def _words(text: str) -> list[str]:
    return text.split()


# --- vocabulary ---------------------------------------------------------------------------
# (name, slug, city, website prefix, slogan) of the first publications; more are composed.
PUBLICATIONS = [
    ("青溪日报", "qingxi-ribao", "青溪", "qxrb", "服务城乡百姓 记录青溪变迁"),
    ("东湖晚报", "donghu-wanbao", "东湖", "dhwb", "贴近市民生活 传递城市温度"),
    ("南山工人报", "nanshan-gongrenbao", "南山", "nsgrb", "倾听职工心声 服务劳动群体"),
    ("临江商报", "linjiang-shangbao", "临江", "ljsb", "聚焦市场动态 服务实体经济"),
    ("北岸都市报", "beian-dushibao", "北岸", "badsb", "城市有温度 新闻有态度"),
    ("西岭农民报", "xiling-nongminbao", "西岭", "xlnmb", "扎根田间地头 助力乡村振兴"),
    ("桐州日报", "tongzhou-ribao", "桐州", "tzrb", "权威发布 桐州声音"),
    ("云川晚报", "yunchuan-wanbao", "云川", "ycwb", "百姓身边事 云川万家灯"),
]
MORE_CITIES = _words("梅川 石湾 枫林 金沙 柳岸 凤台 龙溪 白沙 清源 望海 松阳 安平")
MORE_KINDS = _words("日报 晚报 商报 都市报 工人报 法治报")
PAGE_NAMES = _words("综合新闻 经济 社会 文体 国内国际 城市 教育 副刊 专版 健康")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
            "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺")
SURNAME_WEIGHTS = [sum(1 / (r + 4) for r in range(i + 1)) for i in range(len(SURNAMES))]
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲萍红鑫波宁斌浩凯健俊帆旭宇晨欣雪"
         "琳晓婷倩颖佳琪嘉怡梦悦子轩涵宏志国庆春燕玉兰海峰亮晶然锋民向雨舟迪晴岚锡良呈卫金立新"
         "嵘翊琰湘瑾珂祎骁昊睿哲彬淼鹏蕾薇璐曦昕炜烨焱钰铭瀚泓澜沁潇冉岑芸蓓菁茜荣骏驰")
XINHUA_CITIES = _words("北京 上海 广州 武汉 成都 西安 杭州 南京 重庆 天津 沈阳 昆明 郑州 长沙 福州 日内瓦")
WEEKDAYS = _words("星期一 星期二 星期三 星期四 星期五 星期六 星期日")
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
LUNAR_MONTHS = "正二三四五六七八九十冬腊"
DIGITS = "一二三四五六七八九十"

WORDS = {
    "dist": "城东 城南 望江 东湖 南山 西溪 北岸 新港 临江 白云 桃源 清河 金沙 青石 柳塘 梅林 凤凰 "
            "龙泉 石门 长乐 江滨 花园 湖畔 双桥",
    "place": "街道 镇 社区 乡 村 开发区 工业园区",
    "org": "市发展改革委 市人力社保局 市总工会 市教育局 市卫生健康委 市商务局 市统计局 市住建局 "
           "市交通运输局 市文化广电旅游局 市生态环境局 市市场监管局 市科技局 市农业农村局 团市委 "
           "市妇联 市消防救援支队 市公安局 市应急管理局 市体育局 市民政局 市税务局 海关",
    "industry": "科技 新材料 智能装备 电子 食品 纺织 物流 医药 新能源 汽车零部件 光电 生物",
    "cokind": "有限公司 股份有限公司 集团 有限公司",
    "role": "负责人 党委书记 总经理 主任 工程师 志愿者 社区书记 村党支部书记 校长 教练 一线职工 "
            "网格员 民警 医生 教师 技术员",
    "sector": "规模以上工业增加值 数字经济核心产业增加值 高新技术产业投资 社会消费品零售总额 "
              "固定资产投资 服务业增加值 外贸进出口总额 一般公共预算收入",
    "topic": "乡村振兴 共同富裕 营商环境优化 数字化改革 文明城市创建 垃圾分类 安全生产 城市更新 "
             "老旧小区改造 科技创新 职业技能提升 全民健身 公共文化服务 平安建设 防汛防台 "
             "产业工人队伍建设改革 生态环境保护 就业创业",
    "facility": "社区食堂 口袋公园 城市书房 充电桩 智慧停车位 邻里中心 老年食堂 职工驿站 "
                "公共自行车站点 5G基站 便民服务点 文化礼堂",
    "proj": "快速路 污水处理厂扩建 人才公寓 体育中心 智慧停车场 农贸市场改造 产业园二期 "
            "安置房 滨江绿道 综合管廊 学校新建 医院迁建",
    "event": "全民健身运动会 职工技能比赛 读书节 半程马拉松 文化惠民演出 乡村振兴论坛 "
             "春风行动招聘会 消费季 科普周 非遗展演 龙舟赛 美食节",
    "prod": "智能传感器 新能源电池 工业机器人 医用防护用品 光伏组件 高端纺织面料 电池材料",
    "farm": "春耕备播 抢收抢种 采摘茶叶 翻耕土地 收割晚稻 管护果树",
    "crop": "高山蔬菜 杨梅 茶叶 水蜜桃 中药材 优质水稻 柑橘",
    "mode": "一网通办 最多跑一次 红色代办 邻里互助 一站式服务 拿地即开工",
    "latin": "5G GDP RCEP AI CPI APP ETC VR IPO ESG LED 3D",
    "theme": "非物质文化遗产保护 青少年近视防控 老年人助餐服务 电动自行车安全隐患整治 "
             "防范电信网络诈骗 河湖长制 森林防火 秸秆禁烧 冬季供暖保障 流感疫苗接种 学前教育 "
             "职业教育 校园足球 围棋 书法篆刻 剪纸 青瓷烧制 刺绣 竹编 茶文化 古村落保护 湿地候鸟 "
             "珍稀植物 地质灾害防治 台风防御 梅雨季排涝 菜篮子保供 食品安全抽检 药品集中采购 "
             "医保异地结算 家庭医生签约 心肺复苏培训 无偿献血 婚俗改革 移风易俗 殡葬改革 "
             "物业管理 加装电梯 燃气管道改造 雨污分流 背街小巷整治 夜间经济 首店经济 直播电商 "
             "跨境电商 冷链物流 集装箱海铁联运 航空货运 专精特新企业培育 知识产权质押融资 "
             "普惠金融 劳动争议调解 欠薪治理 新就业形态劳动者权益保障 快递小哥 外卖骑手 "
             "退役军人服务 残疾人康复 困境儿童关爱 留守老人探访 垃圾焚烧发电 光伏发电 "
             "氢能产业 海洋牧场 滩涂养殖 稻虾共养 竹笋加工 蚕桑丝绸 黄酒酿造 紫砂 蓝印花布",
    "quote": "现在办事方便多了 我们心里更踏实了 这样的活动越多越好 日子越过越有奔头 "
             "企业发展信心更足了 孩子们学到了真本领 家门口就能吃上热乎饭菜",
}
WORDS = {key: value.split() for key, value in WORDS.items()}

CLAUSES = """今年以来,{city}{topic}工作取得明显成效|{org}有关负责人介绍|记者从{org}获悉
截至目前,全市已建成{facility}{n}个|今年{m}月以来,全市{sector}同比增长{pct}
全年计划完成投资{money}|{co}总投资{money}的{dist}{proj}项目正式开工
项目建成后预计年产值可达{money}|带动周边{n}个村集体增收|{area}组织{n}支志愿服务队深入一线
{person}是{area}的一名{role}|他告诉记者|围绕{topic}这条主线|聚焦群众急难愁盼问题
进一步提升群众的获得感、幸福感、安全感|这是{city}首次举办{event}
共有来自{n}个县(市、区)的{big}名选手参赛|活动现场,{role}们为市民提供咨询服务
据统计,{event}期间共接待游客{big}人次|实现旅游收入{money}|全市5G基站总数达到{big}个
{co}研发的{prod}已出口到{n}个国家和地区|企业负责人表示|下一步,{org}将继续加大工作力度
推动{topic}向纵深发展|全市地区生产总值(GDP)达到{money}|居民消费价格指数(CPI)同比上涨{pct}
空气质量优良天数比例达到{pct}|PM2.5平均浓度同比下降{pct}|市民通过APP就能预约办理
依托RCEP政策红利,{co}今年出口额增长{pct}|全省{n}所高校的{big}名学生参加了比赛
比赛设置{n}个项目|{person}夺得{event}冠军|{dist}{proj}工程已完成总工程量的{pct}
预计{m}月底前全面完工|今年计划新建{facility}{n}个|{area}通过“{mode}”模式
让群众少跑腿、好办事|目前,{dist}{proj}项目进展顺利|市民可通过“{cs}发布”微信公众号了解详情
{org}联合{org}开展{topic}专项行动|共检查企业{big}家,排查整改隐患{n}处|{role}{person}介绍
全年接待读者{big}人次|{event}将持续到{m}月{d}日|在{area}的田间地头,农户们正忙着{farm}
今年全市粮食播种面积稳定在{big}亩|{area}的{n}户农户种植{crop}|亩均收入超过{big}元
{co}投用了{n}条自动化生产线|生产效率提高了{pct}|{org}出台了{n}条具体措施
全市新增城镇就业{big}人|城乡居民人均可支配收入增长{pct}|{area}的{facility}每天接待{n}0多人
{person}已经在这里工作了{n}年|为{n}家企业减免税费{money}|{co}的{latin}项目吸引了不少年轻人
累计发放补贴{money}|{area}把{topic}作为今年的重点工作|{n}个重点项目集中签约
记者在{area}看到|工人们正在抓紧施工|{year}年{m}月{d}日起正式实施
{area}举办{theme}主题活动|{org}围绕{theme}开展专题调研|{person}在{theme}领域深耕多年
今年全市将{theme}列入民生实事项目|{area}率先探索{theme}新模式|不少市民对{theme}十分关注
{theme}相关工作已覆盖全市{n}个乡镇(街道)|{co}在{theme}方面投入{money}""".replace("\n", "|").split("|")
HEADLINES = """{city}{event}开幕|{dist}{proj}项目开工建设|{org}推出{n}项便民举措
前{m}个月全市{sector}增长{pct}|{co}{prod}项目投产|{topic}跑出“加速度”|{n}个重点项目集中签约
全市新增{facility}{n}个|{event}在{cs}举行|全市5G基站突破{big}个|{latin}赋能{topic}
RCEP助力{n}家企业拓展海外市场|一季度GDP同比增长{pct}|{area}{facility}开到家门口
{topic}让群众得实惠|{co}跻身行业前列|{person}和他的{n}年坚守|{theme}有了新办法
{area}探索{theme}新路子|{city}{theme}工作走在前列""".replace("\n", "|").split("|")
PHOTO_HEADLINES = _words("应急处置练兵 春耕正忙 夏日清凉 志愿服务进社区 丰收时节 雪后初晴 迎新春 龙舟竞渡 "
                         "荷花盛开 金秋稻香 消防演练 快乐暑假 城市夜景 非遗进校园 银杏染秋 候鸟归来 "
                         "抢修线路 新居落成")
CAPTIONS = """{area}的农户正在{farm}|图为{role}正在为居民服务|昨日,{event}在{area}举行
{area}居民在{facility}内休闲|图为{dist}{proj}施工现场|{event}现场|{n}名{role}参加了{event}
{area}{theme}主题活动现场|图为{role}向市民介绍{theme}知识""".replace(
    "\n", "|").split("|")
TABLES = [
    ("项目名称", "计划投资(亿元)", "完成比例"),
    ("指标", "{m}月(亿元)", "同比增长"),
    ("名次", "代表队", "成绩(分)"),
]


class _Slots(dict):
    """Fills {slot} fields of a template; each field gets a fresh random value."""

    def __init__(self, gen: _PageWriter) -> None:
        super().__init__()
        self.gen = gen

    def __missing__(self, key: str) -> str:
        return self.gen.slot(key)


@dataclass
class Publication:
    index: int
    name: str
    slug: str
    city: str
    web: str
    slogan: str
    cn_code: str
    postal_code: str
    first_number: int
    address: str
    postcode: str
    hotline: str
    phone: str
    reporters: list[str]
    correspondents: list[str]
    editors: list[str]


@dataclass
class GeneratedArchive:
    """What was written, so that a benchmark can check the import against it."""

    out_dir: Path
    pages: int
    issues: int
    articles: int          # distinct articles: a jumped article counts once
    article_blocks: int    # `## ` headlines on pages: a jumped article counts twice
    photo_articles: int
    jumps: int
    publications: int
    first_date: str
    last_date: str
    gb18030_files: int
    bom_files: int
    bytes: int


def person(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_WEIGHTS)[0]
    given = GIVEN[int(rng.random() * len(GIVEN))]
    if rng.random() < 0.65:
        given += GIVEN[int(rng.random() * len(GIVEN))]
    return surname + given


def lunar_date(day: dt.date) -> str:
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    year = STEMS[(lunar.year - 4) % 10] + BRANCHES[(lunar.year - 4) % 12]
    month = ("闰" if lunar.isLeapMonth else "") + LUNAR_MONTHS[lunar.month - 1] + "月"
    d = lunar.day
    if d <= 10:
        text = "初" + DIGITS[d - 1]
    elif d < 20:
        text = "十" + DIGITS[d - 11]
    elif d in (20, 30):
        text = DIGITS[d // 10 - 1] + "十"
    else:
        text = "廿" + DIGITS[d - 21]
    return f"{year}年{month}{text}"


def publication(seed: int, index: int) -> Publication:
    rng = random.Random(f"{seed}:publication:{index}")
    if index < len(PUBLICATIONS):
        name, slug, city, web, slogan = PUBLICATIONS[index]
    else:
        extra = index - len(PUBLICATIONS)
        city = MORE_CITIES[extra % len(MORE_CITIES)]
        kind = MORE_KINDS[extra // len(MORE_CITIES) % len(MORE_KINDS)]
        serial = extra // (len(MORE_CITIES) * len(MORE_KINDS))
        name = f"{city}{kind}" + (str(serial + 1) if serial else "")
        slug, web, slogan = f"pub-{index + 1:03d}", f"pub{index + 1}", f"关注{city}发展 服务{city}百姓"
    return Publication(
        index=index, name=name, slug=slug, city=city, web=web, slogan=slogan,
        cn_code=f"CN{rng.randint(11, 65)}-{rng.randint(1, 9999):04d}",
        postal_code=f"{rng.randint(1, 99)}-{rng.randint(1, 300)}",
        first_number=rng.randint(3000, 15000),
        address=f"{city}市{rng.choice(WORDS['dist'])}路{rng.randint(1, 300)}号",
        postcode=f"{rng.randint(100000, 999999)}",
        hotline=f"{rng.randint(8000, 8999)}{rng.randint(0, 9999):04d}",
        phone=f"0{rng.randint(510, 799)}-{rng.randint(8000, 8999)}{rng.randint(0, 9999):04d}",
        reporters=[person(rng) for _ in range(40)],
        correspondents=[person(rng) for _ in range(30)],
        editors=[person(rng) for _ in range(8)],
    )


_CORPUS: list[str] = []


def _seed_text() -> str:
    candidates = [Path(__file__).resolve().parent.parent / "resources" / "sample" / SEED_FILE,
                  Path("/work/shared/seed") / SEED_FILE]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise SystemExit(f"generate_archive: seed page {SEED_FILE} not found in {candidates}")


def corpus() -> list[str]:
    """Clauses of the real sample page's body text: the base of the character frequencies."""
    if not _CORPUS:
        text = _seed_text()
        paragraphs: list[str] = []
        joined = True  # whether the last paragraph is complete
        for line in text[text.index("\n## "):].splitlines():
            line = line.strip()
            if not line or line.isdigit() or line.endswith(("摄", "热线")):
                continue  # blank lines, credits, hotline boxes
            if line.startswith("#"):
                joined = True
                continue
            if joined:
                paragraphs.append(line)
            else:  # a column break: the paragraph goes on
                paragraphs[-1] += line
            joined = line.endswith(tuple("。?!”"))
        for paragraph in paragraphs:
            paragraph = re.sub(r"^本报讯 \S+报道 ", "", paragraph)
            for clause in re.split(r"[,。;:?!]", paragraph):
                balanced = all(clause.count(a) == clause.count(b) for a, b in ("“”", "()", "《》"))
                if balanced and 4 <= len(clause) <= 40:
                    _CORPUS.append(clause)
        _CORPUS[:] = dict.fromkeys(_CORPUS)  # keeps order: set() would not be reproducible
    return _CORPUS


def _wordlike(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalnum()


class _PageWriter:
    """Writes the text of one issue; all randomness comes from its own rng."""

    def __init__(self, rng: random.Random, pub: Publication, day: dt.date) -> None:
        self.rng, self.pub, self.day = rng, pub, day
        self.clauses = corpus()
        self.slots = _Slots(self)
        self.random = rng.random
        self.short_clauses = [c for c in self.clauses if len(c) <= 18]
        self.used_headlines: set[str] = set()  # only looked up, never iterated

    def pick(self, seq):  # rng.choice is three times slower: this is the hot path
        return seq[int(self.random() * len(seq))]

    # text ---------------------------------------------------------------------------------
    def slot(self, key: str) -> str:
        rng = self.rng
        if key in WORDS:
            return self.pick(WORDS[key])
        random = self.random
        if key == "n":
            return str(2 + int(random() * 59))
        if key == "big":
            return str(100 + int(random() * 99900))
        if key == "pct":
            return f"{0.1 + random() * 35:.1f}%"
        if key == "money":
            return (f"{10 + int(random() * 9990)}万元" if random() < 0.5
                    else f"{1 + random() * 500:.2f}亿元")
        if key == "m":
            return str(1 + int(random() * 12))
        if key == "d":
            return str(1 + int(random() * 28))
        if key == "year":
            return str(self.day.year - rng.randint(0, 1))
        if key == "city":
            return self.pub.city + "市"
        if key == "cs":
            return self.pub.city
        if key == "area":
            return self.pick(WORDS["dist"]) + self.pick(WORDS["place"])
        if key == "co":
            return self.pick(WORDS["dist"]) + self.pick(WORDS["industry"]) + self.pick(
                WORDS["cokind"])
        if key == "person":
            return person(rng)
        raise KeyError(key)

    def fill(self, template: str) -> str:
        return template.format_map(self.slots)

    def clause(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return self.fill(self.pick(CLAUSES))
        first = self.pick(self.clauses)
        if r < 0.7:  # splice two real clauses at a 的: new phrases, same character frequencies
            second = self.pick(self.clauses)
            left, right = first.find("的"), second.rfind("的")
            if left > 0 and 0 <= right < len(second) - 2 and "“" not in first + second:
                return first[:left] + second[right:]
        return first

    def sentence(self) -> str:
        rng = self.rng
        text = ",".join(self.clause() for _ in range(self.pick((1, 2, 2, 3, 3, 4))))
        r = rng.random()
        if r < 0.07 and "“" not in text:
            return f"“{text}。”{person(rng)}说。"
        if r < 0.1:
            return f"“{self.pick(WORDS['quote'])}!”{person(rng)}说。"
        return text + ("?" if r > 0.99 else "。")

    def paragraph(self, length: int) -> str:
        parts = [self.sentence()]
        size = len(parts[0])
        while size < length:
            parts.append(self.sentence())
            size += len(parts[-1])
        return "".join(parts)

    def split_point(self, text: str, keep: int = 0) -> int | None:
        """A place to cut a paragraph mid-sentence (a column break, a jump or a hotline box),
        after its first KEEP characters (a byline or a jump line stay whole)."""
        low, high = max(len(text) // 5 + 1, keep + 2), len(text) * 4 // 5
        if low > high:
            return None
        for _ in range(10):
            i = self.rng.randint(low, high)
            if _wordlike(text[i - 1]) and _wordlike(text[i]):
                return i
        return None

    def headline(self) -> str:
        """A headline, with decks after spaces; its first line is unique in the issue, so that
        a jumped article's continuation can be matched by it."""
        rng = self.rng
        for _ in range(50):
            parts = []
            for _ in range(self.pick((1, 1, 2, 2, 3))):
                if rng.random() < 0.6:
                    parts.append(self.fill(self.pick(HEADLINES)))
                else:
                    parts.append(self.pick(self.short_clauses))
            if parts[0] not in self.used_headlines:
                break
        self.used_headlines.add(parts[0])
        return " ".join(parts)

    def caption(self) -> str:
        text = self.fill(self.pick(CAPTIONS)) + "。"
        if self.rng.random() < 0.4:
            text += "图为" + self.fill(self.pick(CAPTIONS)).removeprefix("图为") + "。"
        return text

    def credit(self) -> str:
        if self.rng.random() < 0.5:
            return f"记者{self.pick(self.pub.reporters)} 摄"
        return f"通讯员{self.pick(self.pub.correspondents)} 摄"

    def image(self, chunks: list, page: int, count: list[int]) -> None:
        chunks.append(GAP)
        if self.rng.random() < 0.4:
            count[0] += 1
            chunks.append(f"![](images/{self.pub.web}_{self.day:%Y%m%d}_p{page}_{count[0]:02d}.jpg)")

    # articles -----------------------------------------------------------------------------
    def byline(self, page_name: str) -> tuple[str, bool]:
        """The byline that opens the first paragraph, and whether it is a photo report."""
        rng, pub = self.rng, self.pub
        reporter, helper = self.pick(pub.reporters), self.pick(pub.correspondents)
        r = rng.random() * (0.6 if page_name == "国内国际" else 1)
        if r < 0.12:
            when = self.day - dt.timedelta(days=self.pick((1, 1, 0)))
            names = " ".join(person(rng) for _ in range(self.pick((1, 2))))
            return f"新华社{self.pick(XINHUA_CITIES)}{when.month}月{when.day}日电(记者 {names})", False
        if r < 0.42:
            return f"本报讯 记者{reporter}报道 ", False
        if r < 0.62:
            return f"本报讯 记者{reporter} 通讯员{helper}报道 ", False
        if r < 0.74:
            return f"本报讯(记者 {reporter} 通讯员 {helper})", False
        if r < 0.8:
            return f"本报讯(记者 {reporter})", False
        if r < 0.88:
            return f"本报讯 记者{reporter}摄影报道 ", True
        return "", False

    def table(self) -> str:
        rng = self.rng
        head = [self.fill(cell) for cell in self.pick(TABLES)]
        rows = [head]
        for rank in range(1, rng.randint(2, 5) + 1):
            if head[0] == "名次":
                rows.append([str(rank), self.fill("{dist}{place}代表队"), f"{rng.uniform(60, 99):.1f}"])
            elif head[0] == "指标":
                rows.append([self.pick(WORDS["sector"]), f"{rng.uniform(1, 900):.1f}",
                             f"{rng.uniform(-5, 30):.1f}%"])
            else:
                rows.append([self.fill("{dist}{proj}"), f"{rng.uniform(1, 60):.1f}",
                             f"{rng.randint(5, 100)}%"])
        return "<table>" + "".join(
            "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
        ) + "</table>"

    def body(self, chunks: list, paragraphs: list[str], keep: int) -> None:
        """Appends paragraphs with their accidents: column breaks, hotline boxes, a table.
        The first KEEP characters of the first paragraph (a byline, a jump line) stay whole."""
        rng = self.rng
        table_at = rng.randrange(len(paragraphs) - 1) if len(paragraphs) > 1 and \
            rng.random() < 0.04 else -1
        for i, text in enumerate(paragraphs):
            r = rng.random()
            cut = self.split_point(text, keep if i == 0 else 0) if r < 0.16 else None
            if cut is None:
                chunks.append(text)
            elif r < 0.015:
                chunks += [text[:cut], self.pub.hotline, "新闻服务热线", text[cut:]]
            else:
                chunks += [text[:cut], text[cut:]]
            if i == table_at:
                chunks.append(self.fill("{org}有关负责人介绍,部分情况如下表:"))
                chunks.append(self.table())

    def article(self, page: int, page_name: str, counter: list[int],
                jump_to: int | None = None) -> tuple[list, str | None, str | None]:
        """Chunks of one news article; for a jump, also (headline, rest of the cut sentence)."""
        rng = self.rng
        headline = self.headline()
        chunks: list = [f"## {headline}"]
        prefix, photo_report = self.byline(page_name)
        if not photo_report and rng.random() < 0.12:
            self.image(chunks, page, counter)
            chunks.append(self.caption() + self.credit())
        count = rng.randint(3, 10)
        length = rng.randint(450, 1600) // count
        paragraphs = [self.paragraph(length) for _ in range(count)]
        paragraphs[0] = prefix + paragraphs[0]
        rest = None
        if jump_to:
            last = self.paragraph(length)
            cut = self.split_point(last) or len(last) // 2
            paragraphs.append(last[:cut] + f"(下转第{jump_to}版)")
            rest = last[cut:]
        self.body(chunks, paragraphs, len(prefix))
        if photo_report or rng.random() < 0.08:
            self.image(chunks, page, counter)
            chunks.append(self.caption())
        return chunks, headline, rest

    def continuation(self, headline: str, rest: str) -> list:
        if " " in headline and self.rng.random() < 0.7:
            headline = headline.split(" ")[0]
        paragraphs = ["(上接第1版)" + rest]
        paragraphs += [self.paragraph(self.rng.randint(60, 250))
                       for _ in range(self.rng.randint(1, 4))]
        chunks = [f"## {headline}"]
        self.body(chunks, paragraphs, len("(上接第1版)"))
        return chunks

    def photo_article(self, page: int, counter: list[int]) -> list:
        headline = self.pick(PHOTO_HEADLINES)
        for _ in range(10):
            if headline not in self.used_headlines:
                break
            headline = self.pick(PHOTO_HEADLINES) if self.random() < 0.5 else self.fill(
                "{dist}{place}一景")
        self.used_headlines.add(headline)
        chunks: list = [f"## {headline}"]
        self.image(chunks, page, counter)
        chunks += [self.caption(), self.credit()]
        return chunks

    # pages --------------------------------------------------------------------------------
    def front_matter(self, number: int) -> list:
        pub, day, rng = self.pub, self.day, self.rng
        chunks: list = [
            f"{lunar_date(day)}  \n{day.year}年{day.month}月{day.day}日  \n{WEEKDAYS[day.weekday()]}",
            f"电子版: www.{pub.web}.example  \n电子信箱: {pub.web}@example.com",
            f"国内统一刊号: {pub.cn_code}  \n邮发代号: {pub.postal_code} 总第{number}号",
            f"# {pub.name}",
            pub.slogan,
        ]
        r = rng.random()
        if r < 0.4:
            chunks += [f"{pub.city}新闻客户端 掌上{pub.city}", GAP, f"{pub.name}官方微信公众号"]
        elif r < 0.7:
            chunks.append(GAP)
        chunks.append(f"社址: {pub.address} 邮编: {pub.postcode}")
        return chunks

    def page_header(self, page: int, name: str) -> list:
        day, pub, rng = self.day, self.pub, self.rng
        editor, designer = rng.sample(pub.editors, 2)
        header = (f"{pub.name} {day.year}年{day.month}月{day.day}日 {WEEKDAYS[day.weekday()]}  \n"
                  f"第{page}版 {name}  \n责任编辑: {editor} 美编: {designer}")
        return [header]

    def issue(self, number: int, pages: int, stats: dict) -> list[str]:
        rng = self.rng
        jumps = [rng.randint(2, pages) for _ in range(self.pick((0, 0, 0, 1, 1, 2)))] \
            if pages > 1 else []
        continued: dict[int, list] = {}
        texts = []
        for page in range(1, pages + 1):
            name = "要闻" if page == 1 else PAGE_NAMES[(page - 2) % len(PAGE_NAMES)]
            chunks = self.front_matter(number) if page == 1 else self.page_header(page, name)
            counter = [0]
            slots = rng.randint(3, 7)
            arrivals = continued.get(page, [])
            for k in range(max(slots, len(arrivals) + 1)):
                if arrivals and (k == 0 or rng.random() < 0.3):
                    chunks += arrivals.pop(0)
                    continue
                if k < len(jumps) and page == 1 and k < slots:
                    target = jumps[k]
                    body, headline, rest = self.article(page, name, counter, target)
                    continued.setdefault(target, []).append(self.continuation(headline, rest))
                    stats["jumps"] += 1
                elif k > 0 and rng.random() < 0.1:
                    body = self.photo_article(page, counter)
                    stats["photo_articles"] += 1
                else:
                    body = self.article(page, name, counter)[0]
                stats["articles"] += 1
                chunks += body
            for leftover in arrivals:
                chunks += leftover
            if rng.random() < 0.25:
                chunks += [self.pick(("订阅热线", "广告热线", "新闻热线")), self.pub.phone]
            texts.append(render(chunks, self.pick((3, 4)) if page == 1 else 0, rng))
        return texts


def render(chunks: list, leading_blank_lines: int, rng: random.Random) -> str:
    out = ["\n" * leading_blank_lines]
    separator = ""
    for chunk in chunks:
        if chunk is GAP:
            separator = "\n\n\n\n"
            continue
        out += (separator, chunk)
        separator = "\n\n"
    out.append("\n\n" if rng.random() < 0.3 else "\n")
    return "".join(out)


def _write_issue(task: tuple) -> dict:
    seed, pub, day_index, pages, out_dir = task
    day = START_DATE + dt.timedelta(days=day_index)
    rng = random.Random(f"{seed}:{pub.index}:{day_index}")
    stats = dict.fromkeys(("articles", "photo_articles", "jumps", "gb18030_files",
                           "bom_files", "bytes"), 0)
    folder = Path(out_dir) / pub.slug / f"{day.year:04d}" / f"{day.month:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    texts = _PageWriter(rng, pub, day).issue(pub.first_number + day_index, pages, stats)
    for page, text in enumerate(texts, 1):
        r = rng.random()
        if r < SHARE_GB18030:
            data, suffix = text.replace("\n", "\r\n").encode("gb18030"), "txt"
            stats["gb18030_files"] += 1
        elif r < SHARE_GB18030 + SHARE_BOM:
            data, suffix = text.encode("utf-8-sig"), "md"
            stats["bom_files"] += 1
        else:
            data, suffix = text.encode("utf-8"), "md"
        (folder / f"{day:%Y-%m-%d}-p{page}.{suffix}").write_bytes(data)
        stats["bytes"] += len(data)
    return stats


def generate(out_dir: Path, pages: int, seed: int = 0, pages_per_issue: int = 4,
             publications: int = 3, jobs: int | None = None) -> GeneratedArchive:
    """Writes PAGES page files under OUT_DIR and returns what an import should find."""
    if pages < 0 or pages_per_issue < 1 or publications < 1:
        raise ValueError("pages must be >= 0, pages_per_issue and publications >= 1")
    corpus()  # load once before the workers fork
    pubs = [publication(seed, i) for i in range(publications)]
    tasks, remaining, day = [], pages, 0
    while remaining:
        for pub in pubs:
            if not remaining:
                break
            count = min(pages_per_issue, remaining)
            tasks.append((seed, pub, day, count, str(out_dir)))
            remaining -= count
        day += 1
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(tasks) > 50:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_write_issue, tasks, chunksize=16))
    else:
        results = [_write_issue(task) for task in tasks]
    total = {key: sum(r[key] for r in results) for key in results[0]} if results else \
        dict.fromkeys(("articles", "photo_articles", "jumps", "gb18030_files",
                       "bom_files", "bytes"), 0)
    last_day = START_DATE + dt.timedelta(days=max(day - 1, 0))
    return GeneratedArchive(
        out_dir=Path(out_dir), pages=pages, issues=len(tasks),
        articles=total["articles"], article_blocks=total["articles"] + total["jumps"],
        photo_articles=total["photo_articles"], jumps=total["jumps"],
        publications=min(publications, len(tasks)),
        first_date=START_DATE.isoformat(), last_date=last_day.isoformat(),
        gb18030_files=total["gb18030_files"], bom_files=total["bom_files"], bytes=total["bytes"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--pages", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--pages-per-issue", type=int, default=4, metavar="K")
    parser.add_argument("--publications", type=int, default=3, metavar="P")
    parser.add_argument("--jobs", type=int, default=None, metavar="J",
                        help="worker processes (default: all cores); output does not depend on it")
    args = parser.parse_args(argv)
    if args.pages < 0 or args.pages_per_issue < 1 or args.publications < 1:
        parser.error("--pages must be >= 0, --pages-per-issue and --publications >= 1")
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        print(f"generate_archive: {args.out_dir} is not empty; existing files are kept",
              file=sys.stderr)
    started = time.perf_counter()
    result = generate(args.out_dir, args.pages, args.seed, args.pages_per_issue,
                      args.publications, args.jobs)
    print(f"{result.pages} pages, {result.issues} issues of {result.publications} publications "
          f"({result.first_date}..{result.last_date}), {result.articles} articles "
          f"({result.jumps} jumped, {result.photo_articles} photo), "
          f"{result.gb18030_files} GB18030, {result.bom_files} BOM, "
          f"{result.bytes / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s -> {result.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
