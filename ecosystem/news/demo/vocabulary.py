"""The words of the demo news: sources, category words, model names and templates.

Everything here is data the generator draws from. Changing any of it (adding a
word, reordering a list) changes what a given seed produces, since the
generator picks from these lists by position.
"""

DEMO_URL_PREFIX = "https://demo-news.invalid/"

# (slug, name, language, share of all items). Inactive: nothing ever fetches them.
SOURCES = [
    ("tech-daily", "Demo Tech Daily", "en", 0.22),
    ("gadget-review", "Demo Gadget Review", "en", 0.18),
    ("mobile-world", "Demo Mobile World", "en", 0.15),
    ("technik-ticker", "Demo Technik-Ticker", "de", 0.12),
    ("handy-news", "Demo Handy-Nachrichten", "de", 0.08),
    ("keji-ribao", "演示科技日报", "zh", 0.15),
    ("shuma-zixun", "演示数码资讯", "zh", 0.10),
]


# A category word per language, each one of the category's keywords, so the
# Categoriser puts the item where its title says. Unknown categories use their names.
CATEGORY_WORDS = {
    "smartphones": (["smartphone", "phone"], ["Smartphone", "Handy"], ["手机", "智能手机"]),
    "gaming-phones": (["gaming phone"], ["Gaming-Smartphone"], ["游戏手机"]),
    "smart-home": (["smart home hub"], ["Smart Home Hub"], ["智能家居中枢"]),
    "smart-lighting": (["ceiling light", "smart bulb"], ["Deckenleuchte"], ["吸顶灯", "智能灯"]),
    "smart-security": (["security camera", "video doorbell"], ["Überwachungskamera"],
                       ["监控摄像头", "智能门锁"]),
    "home-appliances": (["home appliance"], ["Haushaltsgerät"], ["家电"]),
    "robot-vacuums": (["robot vacuum", "robot mop"], ["Saugroboter", "Wischroboter"],
                      ["扫地机器人", "扫拖机器人"]),
    "kitchen-appliances": (["rice cooker", "air fryer", "kettle"],
                           ["Reiskocher", "Heißluftfritteuse"], ["电饭煲", "空气炸锅"]),
    "air-and-water": (["air purifier", "water purifier", "humidifier"],
                      ["Luftreiniger", "Luftbefeuchter"], ["空气净化器", "净水器"]),
    "personal-care": (["electric toothbrush", "hair dryer", "shaver"], ["Zahnbürste", "Rasierer"],
                      ["电动牙刷", "吹风机"]),
    "health-devices": (["blood pressure monitor", "thermometer"], ["Blutdruckmessgerät"],
                       ["血压计"]),
    "cameras": (["action camera", "dash cam"], ["Actioncam", "Dashcam"],
                ["运动相机", "行车记录仪"]),
    "drones": (["drone"], ["Drohne"], ["无人机"]),
    "wearables": (["smartwatch", "fitness tracker"], ["Fitnesstracker"], ["智能手表", "手环"]),
    "audio": (["earbuds", "headphones", "speaker"], ["Kopfhörer", "Lautsprecher"],
              ["耳机", "音箱"]),
    "power-and-charging": (["power bank", "charger"], ["Powerbank", "Ladegerät"],
                           ["充电宝", "充电器"]),
    "mobility": (["e-scooter"], ["E-Scooter"], ["平衡车"]),
    "micromobility": (["electric scooter", "kick scooter"], ["E-Tretroller"], ["电动滑板车"]),
    "electric-vehicles": (["electric car", "electric vehicle"], ["Elektroauto", "E-Auto"],
                          ["电动汽车", "新能源汽车"]),
    "e-commerce": (["crowdfunding campaign", "online store"], ["Onlineshop"], ["众筹"]),
    "semiconductors": (["chip", "processor"], ["Prozessor"], ["芯片", "处理器"]),
}  # fmt: skip
LANGUAGES = ("en", "de", "zh")
GENERIC_WORDS = {"en": "device", "de": "Gerät", "zh": "设备"}  # when there are no categories

# Model names: a series, a number and a suffix ("Note 14 Pro+", "S8 Ultra").
PHONE_SERIES = ["", "", "Note ", "K", "Civi ", "F", "X"]
PHONE_SUFFIXES = ["", " Pro", " Pro+", " Ultra", " Lite", "T", "T Pro", "S"]
OTHER_SERIES = ["S", "Q", "X", "L", "P", "G", "M", "C", "A", "H", "V", "Z"]
OTHER_SUFFIXES = ["", "", " Pro", " Ultra", " Max", " Lite", " Plus", "+", " Air", " Mini", " SE"]
PHONE_CATEGORIES = {"smartphones", "gaming-phones"}
# Stand-ins for the parts of a title that never name a brand or a category: the
# generator matches titles with these in place, so titles that differ only there
# are matched once.
PLACEHOLDERS = {"p": "X1", "a": "", "x": "", "q": 1, "d": ""}

# {b}, {b2}: brand names; {p}: model; {c}: category word; {x}: price; {q}: quarter; {d}: day.
TITLES = {
    "en": [
        "{b} unveils the {p} {c}",
        "{b} {p} review: a {a} {c} for {x}",
        "Hands-on with the {b} {p}, a {a} {c}",
        "{b} cuts the price of its {p} {c} to {x}",
        "{b} {p} {c} goes on sale worldwide on {d}",
        "Leak: {b} is preparing a new {c}, the {p}",
        "{b} reports record {c} sales in Q{q}",
        "Deal: the {b} {p} {c} drops to {x}",
        "{b} {p} gets a software update for its {c} features",
    ],
    "de": [
        "{b} stellt {c} {p} vor",
        "Test: {b} {p} – {a} {c} für {x}",
        "{b} senkt den Preis für {c} {p} auf {x}",
        "{b} {p}: {c} kommt am {d} nach Deutschland",
        "Gerücht: {b} plant {c} {p}",
        "Angebot: {b} {p} ({c}) für {x}",
        "{b} meldet Rekordabsatz bei {c} im {q}. Quartal",
    ],
    "zh": [
        "{b} {p}{c}正式发布",
        "{b} {p}{c}评测：{a}",
        "{b} {p}{c}正式开售，售价{x}",
        "{b} {p}降价，{c}市场竞争加剧",
        "曝{b}将推出新款{c} {p}",
        "{b}第{q}季度{c}出货量创新高",
        "{b} {p}{c}获得系统更新",
    ],
}
TWO_BRAND_TITLES = {
    "en": [
        "{b} and {b2} team up on a new {c}",
        "{b} {p} vs {b2}: which {c} should you buy?",
        "{b2}-backed {b} launches the {p} {c}",
    ],
    "de": [
        "{b} und {b2}: {c} im Vergleich",
        "{b} {p} gegen {b2}: Welcher {c} lohnt sich?",
    ],
    "zh": [
        "{b}与{b2}合作推出新款{c}",
        "{b} {p}对比{b2}：{c}怎么选",
    ],
}
SUMMARIES = {
    "en": [
        "<p>{b} has announced the {p}, a {c} that goes on sale at {x}. Early reviews praise the "
        "battery life and the software; availability outside China has not been confirmed.</p>",
        "<p>The {p} is the latest {c} from {b}. It keeps the design of its predecessor but adds "
        "more memory and a larger battery, and it costs {x}.</p>",
        "<p>{b} says the {p} will reach Europe in the coming weeks. The company did not comment "
        "on pricing beyond China, where the {c} sells for {x}.</p>",
    ],
    "de": [
        "<p>{b} hat mit dem {p} ein neues Gerät der Kategorie {c} vorgestellt. Es kostet {x} und "
        "soll in den kommenden Wochen auch in Deutschland erhältlich sein.</p>",
        "<p>Im Test überzeugt das {p} von {b} mit langer Akkulaufzeit und guter Software; die "
        "Verarbeitung ist für {x} angemessen.</p>",
    ],
    "zh": [
        "<p>{b}今日正式发布{p}，这是一款{c}产品，售价{x}。新品在续航和软件体验上均有提升，"
        "海外上市时间尚未公布。</p>",
        "<p>据悉，{b} {p}将于近期上市。该{c}延续了上一代的设计，并升级了屏幕和电池。</p>",
    ],
}
ADJECTIVES = {
    "en": ["solid", "surprisingly good", "well-priced", "premium", "flawed", "capable"],
    "de": ["starkes Gerät", "gutes Gesamtpaket", "solide", "mit Schwächen"],
    "zh": ["性价比出色", "表现稳定", "旗舰体验", "续航惊喜", "仍有不足"],
}
PRICES = {
    "en": ["$49", "$99", "$199", "$299", "$449", "$599", "$799", "$999"],
    "de": ["49 Euro", "99 Euro", "199 Euro", "299 Euro", "449 Euro", "699 Euro", "999 Euro"],
    "zh": ["199元", "499元", "999元", "1999元", "2999元", "3999元", "5999元"],
}
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
    "zh": [""],
}
