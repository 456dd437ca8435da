# ruff: noqa: E501  (headlines and summaries read best on one line each)
"""A labelled set of news items for story grouping, written for these tests.

Each story is a list of items (source, hours after the story broke, title,
summary); items of one story report the same news in their own words. Stories
that share a key prefix up to the last "/" are about the same product on the
same days, and are hard negatives for each other. LANGUAGE gives each story's
language; CROSS_LANGUAGE holds stories reported in more than one language.
"""

Item = tuple[int, int, str, str]

STORIES: dict[str, list[Item]] = {
    # --- English ---
    "note14/sale": [
        (
            1,
            0,
            "Redmi Note 14 goes on sale in India",
            "The Redmi Note 14 is now on sale in India through Amazon and Xiaomi's own store, starting at Rs 17,999.",
        ),
        (
            2,
            3,
            "Redmi Note 14 sale starts in India today",
            "Xiaomi has opened sales of the Redmi Note 14 in India; prices start at Rs 17,999 on Amazon.",
        ),
        (
            3,
            5,
            "You can now buy the Redmi Note 14 in India",
            "The Redmi Note 14 went on sale in India today, from Rs 17,999 on Amazon and mi.com.",
        ),
        (
            6,
            10,
            "Redmi Note 14 now on sale in India from Rs 17,999",
            "Sales of the Redmi Note 14 started in India on Amazon and mi.com at Rs 17,999.",
        ),
    ],
    "note14/review": [
        (
            4,
            2,
            "Redmi Note 14 Pro review: the mid-range to beat",
            "We spent two weeks with the Redmi Note 14 Pro and its 200MP camera.",
        ),
        (
            5,
            8,
            "Redmi Note 14 Pro review: a great camera for the money",
            "The Redmi Note 14 Pro has a 200MP camera and a bright display; our review.",
        ),
    ],
    "xiaomi17/launch": [
        (
            1,
            0,
            "Xiaomi 17 Ultra launches in Europe at €1,499",
            "Xiaomi's new camera flagship, the 17 Ultra, launches in Europe today priced at €1,499.",
        ),
        (
            2,
            1,
            "Xiaomi 17 Ultra arrives in Europe, priced at 1,499 euros",
            "The Xiaomi 17 Ultra with its Leica camera arrives in Europe at €1,499.",
        ),
        (
            3,
            4,
            "Xiaomi brings the 17 Ultra to Europe for €1,499",
            "Europe gets the Xiaomi 17 Ultra today; it costs €1,499.",
        ),
        (
            5,
            9,
            "Xiaomi 17 Ultra European launch: price and availability",
            "The 17 Ultra launches in Europe at €1,499, Xiaomi announced.",
        ),
    ],
    "xiaomi17/teardown": [
        (
            4,
            20,
            "Xiaomi 17 Ultra teardown shows a huge vapour chamber",
            "A teardown of the Xiaomi 17 Ultra reveals a large vapour chamber and a repairable battery.",
        ),
        (
            6,
            30,
            "Teardown: inside the Xiaomi 17 Ultra's cooling system",
            "iFixit-style teardown of the Xiaomi 17 Ultra finds a huge vapour chamber.",
        ),
    ],
    "su7/deliveries": [
        (
            1,
            0,
            "Xiaomi SU7 deliveries pass 100,000 cars",
            "Xiaomi EV says it has delivered more than 100,000 SU7 sedans since launch.",
        ),
        (
            2,
            2,
            "Xiaomi has now delivered 100,000 SU7 electric cars",
            "Deliveries of the Xiaomi SU7 have passed the 100,000 mark, the company said.",
        ),
        (
            3,
            6,
            "Xiaomi SU7 hits 100,000 deliveries milestone",
            "The SU7 sedan reached 100,000 deliveries, Xiaomi EV announced on Weibo.",
        ),
        (
            5,
            9,
            "Xiaomi EV: more than 100,000 SU7 cars delivered",
            "Xiaomi's car unit has handed over more than 100,000 SU7 sedans to buyers.",
        ),
    ],
    "su7/recall": [
        (
            4,
            10,
            "Xiaomi recalls SU7 cars over a driver-assist flaw",
            "Xiaomi EV is recalling SU7 sedans to fix a flaw in its driver-assistance software.",
        ),
        (
            5,
            12,
            "SU7 recall: Xiaomi to fix driver-assist software over the air",
            "Xiaomi will update the SU7's driver-assistance software in a recall, regulators said.",
        ),
    ],
    "roborock/saros": [
        (
            1,
            0,
            "Roborock Saros Z70 robot vacuum with a robotic arm goes on sale",
            "Roborock's Saros Z70, the robot vacuum with a folding arm that picks up socks, is on sale now.",
        ),
        (
            2,
            5,
            "Roborock's arm-equipped Saros Z70 vacuum is now available",
            "The Saros Z70 robot vacuum, which uses a robotic arm to pick up socks, is available from today.",
        ),
        (
            3,
            7,
            "Roborock Saros Z70 with robot arm now on sale for $2,599",
            "Roborock has put the Saros Z70 robot vacuum with its robotic arm on sale.",
        ),
        (
            6,
            11,
            "Roborock Saros Z70 on sale: the vacuum that picks up socks",
            "The robot vacuum with a robotic arm, Roborock's Saros Z70, is now on sale.",
        ),
    ],
    "roborock/results": [
        (
            4,
            3,
            "Roborock reports record quarterly revenue",
            "Roborock's revenue rose 40% in the quarter on strong robot vacuum sales abroad.",
        ),
        (
            5,
            6,
            "Roborock revenue hits a record on overseas vacuum sales",
            "Record quarterly revenue for Roborock, driven by robot vacuum sales abroad.",
        ),
    ],
    "poco/f7": [
        (
            1,
            0,
            "POCO F7 launched with Snapdragon 8s Gen 4",
            "POCO has launched the F7 with a Snapdragon 8s Gen 4 chip and a 7,550 mAh battery.",
        ),
        (
            2,
            2,
            "POCO F7 is official: Snapdragon 8s Gen 4 and a 7,550 mAh battery",
            "The POCO F7 launched today with the Snapdragon 8s Gen 4 and a 7,550 mAh battery.",
        ),
        (
            6,
            4,
            "POCO launches the F7 with a 7,550 mAh battery",
            "The new POCO F7 has a Snapdragon 8s Gen 4 processor and a 7,550 mAh battery.",
        ),
        (
            3,
            8,
            "POCO F7 goes official with Snapdragon 8s Gen 4 chip",
            "POCO's F7 is official, powered by a Snapdragon 8s Gen 4 and a 7,550 mAh battery.",
        ),
    ],
    "poco/f7pro": [
        (
            3,
            1,
            "POCO F7 Pro review: flagship speed, mid-range price",
            "Our review of the POCO F7 Pro, a fast phone at a mid-range price.",
        ),
        (
            4,
            6,
            "POCO F7 Pro review: fast and cheap",
            "The POCO F7 Pro is a fast phone for the money; our full review.",
        ),
    ],
    "amazfit/balance": [
        (
            1,
            0,
            "Amazfit Balance 2 smartwatch launches with dive tracking",
            "Amazfit's Balance 2 adds dive tracking and a 21-day battery.",
        ),
        (
            2,
            3,
            "Amazfit Balance 2 brings dive tracking and 21-day battery life",
            "The Amazfit Balance 2 smartwatch launched with dive tracking and 21 days of battery.",
        ),
        (
            3,
            5,
            "Amazfit launches Balance 2 smartwatch with dive mode",
            "Amazfit has launched the Balance 2 smartwatch, with a dive mode and a 21-day battery.",
        ),
        (
            6,
            12,
            "Amazfit Balance 2: dive tracking and 21 days of battery",
            "Amazfit's new Balance 2 smartwatch brings dive tracking and a 21-day battery.",
        ),
    ],
    "dreame/mower": [
        (
            1,
            0,
            "Dreame launches the A2 robot lawn mower in Europe",
            "Dreame's A2 robot lawn mower needs no boundary wire and goes on sale in Europe.",
        ),
        (
            2,
            4,
            "Dreame A2 robot lawn mower arrives in Europe without boundary wire",
            "The Dreame A2 robot mower, which needs no boundary wire, launches in Europe.",
        ),
    ],
    "dreame/car": [
        (
            3,
            2,
            "Dreame plans to build an electric car",
            "Vacuum maker Dreame says it will build an electric car to rival Bugatti.",
        ),
        (
            4,
            6,
            "Dreame wants to build an electric supercar",
            "Dreame, known for vacuums, says it plans an electric supercar.",
        ),
    ],
    "hyperos/rollout": [
        (
            1,
            0,
            "HyperOS 3 rollout begins for Xiaomi 15 and Xiaomi 15 Pro",
            "Xiaomi has begun rolling out HyperOS 3 to the Xiaomi 15 series.",
        ),
        (
            2,
            2,
            "Xiaomi starts rolling out HyperOS 3 to the Xiaomi 15 series",
            "The HyperOS 3 update is rolling out to the Xiaomi 15 and 15 Pro.",
        ),
        (
            3,
            9,
            "Xiaomi 15 and 15 Pro get HyperOS 3 update",
            "HyperOS 3 is now rolling out to Xiaomi 15 and Xiaomi 15 Pro owners.",
        ),
        (
            5,
            14,
            "HyperOS 3 update now rolling out to the Xiaomi 15",
            "Owners of the Xiaomi 15 series are getting HyperOS 3, Xiaomi said.",
        ),
    ],
    "xiaomi/earnings": [
        (
            1,
            0,
            "Xiaomi quarterly profit jumps 60% on EV and phone sales",
            "Xiaomi's adjusted net profit rose 60% in the quarter as EV deliveries and phone sales grew.",
        ),
        (
            2,
            1,
            "Xiaomi profit up 60% as car business grows",
            "Xiaomi reported a 60% jump in quarterly adjusted profit, helped by its EV business.",
        ),
        (
            4,
            3,
            "Xiaomi Q3 results: profit rises 60%",
            "Xiaomi's Q3 adjusted net profit jumped 60% on strong EV deliveries and phone sales.",
        ),
        (
            6,
            7,
            "Xiaomi posts 60% profit jump in the third quarter",
            "Xiaomi's adjusted profit rose 60% in the quarter, with EV deliveries and phone sales up.",
        ),
    ],
    "xiaomi/store": [
        (
            5,
            2,
            "Xiaomi opens its first store in Paris",
            "Xiaomi opened a flagship store on the Champs-Élysées in Paris.",
        ),
        (
            6,
            5,
            "Xiaomi opens a flagship store on the Champs-Élysées",
            "The first Xiaomi store in Paris opened on the Champs-Élysées today.",
        ),
    ],
    "yeelight/lamp": [
        (
            1,
            0,
            "Yeelight launches a Matter-ready smart ceiling light",
            "Yeelight's new ceiling light supports Matter and works with Apple Home.",
        ),
        (
            2,
            6,
            "Yeelight's new ceiling light supports Matter",
            "A new smart ceiling light from Yeelight comes with Matter support for Apple Home.",
        ),
    ],
    "blackshark/return": [
        (
            1,
            0,
            "Black Shark returns with a new gaming tablet",
            "Black Shark is back with a gaming tablet after a two-year pause.",
        ),
        (
            3,
            5,
            "Black Shark is back: new gaming tablet announced",
            "After two quiet years, Black Shark announced a new gaming tablet.",
        ),
    ],
    "ninebot/scooter": [
        (
            2,
            0,
            "Segway-Ninebot recalls Max G30 scooters over folding defect",
            "Segway-Ninebot is recalling Max G30 e-scooters because the folding mechanism can fail.",
        ),
        (
            4,
            7,
            "Max G30 e-scooter recall: Segway-Ninebot warns of folding defect",
            "Segway-Ninebot recalls the Max G30 scooter over a folding mechanism that can fail.",
        ),
    ],
    # --- German ---
    "de/note14/verkauf": [
        (
            11,
            0,
            "Redmi Note 14 ab heute in Deutschland erhältlich",
            "Das Redmi Note 14 ist ab heute in Deutschland für 249 Euro erhältlich.",
        ),
        (
            12,
            3,
            "Redmi Note 14: Marktstart in Deutschland für 249 Euro",
            "Xiaomi bringt das Redmi Note 14 heute für 249 Euro in Deutschland auf den Markt.",
        ),
        (
            13,
            6,
            "Das Redmi Note 14 ist jetzt in Deutschland erhältlich",
            "Ab heute verkauft Xiaomi das Redmi Note 14 in Deutschland, Preis 249 Euro.",
        ),
        (
            15,
            9,
            "Redmi Note 14 startet in Deutschland für 249 Euro",
            "Das Redmi Note 14 ist ab heute für 249 Euro in Deutschland erhältlich.",
        ),
    ],
    "de/note14/test": [
        (
            14,
            2,
            "Redmi Note 14 Pro im Test: starke Kamera, schwacher Lautsprecher",
            "Das Redmi Note 14 Pro überzeugt im Test mit seiner Kamera.",
        ),
        (
            15,
            9,
            "Test: Redmi Note 14 Pro mit starker Kamera",
            "Im Test zeigt das Redmi Note 14 Pro eine starke Kamera, der Lautsprecher enttäuscht.",
        ),
    ],
    "de/su7/europa": [
        (
            11,
            0,
            "Xiaomi SU7 soll 2027 nach Europa kommen",
            "Xiaomi will sein Elektroauto SU7 ab 2027 in Europa verkaufen.",
        ),
        (
            12,
            2,
            "Xiaomi bringt das Elektroauto SU7 2027 nach Europa",
            "Das Elektroauto SU7 von Xiaomi soll 2027 in Europa starten.",
        ),
        (
            16,
            5,
            "Elektroauto SU7: Xiaomi plant Europastart 2027",
            "Xiaomi plant, das SU7 ab 2027 in Europa anzubieten.",
        ),
        (
            13,
            8,
            "Xiaomi will das SU7 ab 2027 in Europa verkaufen",
            "Das Elektroauto SU7 kommt 2027 nach Europa, kündigt Xiaomi an.",
        ),
    ],
    "de/su7/rekord": [
        (
            13,
            4,
            "Xiaomi SU7 Ultra stellt Rundenrekord am Nürburgring auf",
            "Das Xiaomi SU7 Ultra fuhr auf der Nordschleife einen Rekord für Elektro-Limousinen.",
        ),
        (
            14,
            8,
            "Rundenrekord auf der Nordschleife für das Xiaomi SU7 Ultra",
            "Das SU7 Ultra von Xiaomi hat am Nürburgring einen Rundenrekord aufgestellt.",
        ),
    ],
    "de/roborock/s9": [
        (
            11,
            0,
            "Roborock S9 MaxV Ultra kommt nach Deutschland",
            "Der Saugroboter Roborock S9 MaxV Ultra ist ab sofort in Deutschland erhältlich.",
        ),
        (
            12,
            4,
            "Saugroboter Roborock S9 MaxV Ultra ab sofort in Deutschland",
            "Roborock verkauft den S9 MaxV Ultra ab sofort in Deutschland.",
        ),
        (
            15,
            7,
            "Roborock S9 MaxV Ultra: Marktstart in Deutschland",
            "Der neue Saugroboter S9 MaxV Ultra von Roborock startet in Deutschland.",
        ),
        (
            16,
            10,
            "Roborock S9 MaxV Ultra jetzt in Deutschland erhältlich",
            "Der Saugroboter S9 MaxV Ultra von Roborock ist ab sofort in Deutschland erhältlich.",
        ),
    ],
    "de/roborock/angebot": [
        (
            13,
            1,
            "Roborock S8 im Angebot: 200 Euro günstiger",
            "Der Saugroboter Roborock S8 ist heute 200 Euro günstiger.",
        ),
        (
            14,
            5,
            "Roborock S8 zum Tiefstpreis: 200 Euro Rabatt",
            "Heute gibt es den Roborock S8 mit 200 Euro Rabatt zum Tiefstpreis.",
        ),
    ],
    "de/xiaomi/quartal": [
        (
            11,
            0,
            "Xiaomi steigert den Gewinn im Quartal um 60 Prozent",
            "Xiaomi hat seinen bereinigten Gewinn im dritten Quartal um 60 Prozent gesteigert.",
        ),
        (
            12,
            2,
            "Xiaomi: Gewinn steigt um 60 Prozent dank Elektroautos",
            "Der Gewinn von Xiaomi stieg im Quartal um 60 Prozent, getragen von den Elektroautos.",
        ),
        (
            16,
            6,
            "Quartalszahlen: Xiaomi mit 60 Prozent mehr Gewinn",
            "Xiaomi meldet für das Quartal 60 Prozent mehr Gewinn.",
        ),
        (
            14,
            9,
            "Xiaomi: 60 Prozent mehr Gewinn im dritten Quartal",
            "Xiaomi steigert den bereinigten Gewinn im dritten Quartal um 60 Prozent.",
        ),
    ],
    "de/xiaomi/laden": [
        (
            13,
            3,
            "Xiaomi eröffnet ersten Store in Berlin",
            "Xiaomi hat seinen ersten eigenen Laden in Berlin am Alexanderplatz eröffnet.",
        ),
        (
            14,
            6,
            "Erster Xiaomi Store in Berlin eröffnet",
            "Am Alexanderplatz in Berlin hat der erste Xiaomi Store eröffnet.",
        ),
    ],
    "de/poco/x7": [
        (
            11,
            0,
            "POCO X7 Pro vorgestellt: Dimensity 8400 und großer Akku",
            "POCO hat das X7 Pro mit Dimensity 8400 und 6.000-mAh-Akku vorgestellt.",
        ),
        (
            12,
            2,
            "POCO X7 Pro offiziell: großer Akku und Dimensity 8400",
            "Das POCO X7 Pro ist offiziell, mit Dimensity 8400 und einem großen Akku.",
        ),
        (
            13,
            3,
            "POCO stellt das X7 Pro mit Dimensity 8400 vor",
            "Das neue POCO X7 Pro kommt mit Dimensity 8400 und großem Akku.",
        ),
        (
            15,
            6,
            "Neues POCO X7 Pro mit Dimensity 8400 und großem Akku",
            "POCO stellt das X7 Pro vor: Dimensity 8400 und ein großer 6.000-mAh-Akku.",
        ),
    ],
    "de/poco/x7basis": [
        (
            14,
            1,
            "POCO X7 im Test: viel Handy für 299 Euro",
            "Das POCO X7 bietet im Test viel für 299 Euro.",
        ),
        (
            15,
            4,
            "Test des POCO X7: viel Smartphone für 299 Euro",
            "Im Test überzeugt das POCO X7 für 299 Euro.",
        ),
    ],
    "de/dreame/x50": [
        (
            11,
            0,
            "Dreame X50 Ultra: Saugroboter klettert über Schwellen",
            "Der Dreame X50 Ultra kann mit ausfahrbaren Beinen Schwellen bis vier Zentimeter überwinden.",
        ),
        (
            12,
            5,
            "Dreame X50 Ultra überwindet Schwellen mit ausfahrbaren Beinen",
            "Der neue Saugroboter Dreame X50 Ultra klettert über Schwellen bis vier Zentimeter.",
        ),
    ],
    "de/amazfit/t-rex": [
        (
            13,
            0,
            "Amazfit T-Rex 3 kommt mit Offline-Karten",
            "Die Outdoor-Uhr Amazfit T-Rex 3 bietet Offline-Karten und 27 Tage Akkulaufzeit.",
        ),
        (
            14,
            3,
            "Amazfit T-Rex 3: Outdoor-Uhr mit Offline-Karten vorgestellt",
            "Amazfit stellt die T-Rex 3 mit Offline-Karten und 27 Tagen Laufzeit vor.",
        ),
        (
            15,
            8,
            "Offline-Karten und 27 Tage Akku: Amazfit T-Rex 3 ist da",
            "Die neue Amazfit T-Rex 3 ist da, mit Offline-Karten und 27 Tagen Akku.",
        ),
        (
            16,
            12,
            "Amazfit stellt die T-Rex 3 mit Offline-Karten vor",
            "Die Outdoor-Uhr T-Rex 3 von Amazfit hat Offline-Karten und hält 27 Tage.",
        ),
    ],
    "de/hyperos": [
        (
            11,
            0,
            "HyperOS 3: Diese Xiaomi-Handys bekommen das Update",
            "Xiaomi nennt die Smartphones, die HyperOS 3 erhalten.",
        ),
        (
            12,
            4,
            "HyperOS 3 Update: Liste der Xiaomi-Handys",
            "Welche Xiaomi-Handys das Update auf HyperOS 3 bekommen: die Liste.",
        ),
    ],
    "de/ninebot": [
        (
            13,
            0,
            "Segway-Ninebot ruft E-Scooter zurück",
            "Segway-Ninebot ruft E-Scooter der Reihe Max G30 wegen eines Defekts am Klappmechanismus zurück.",
        ),
        (
            16,
            6,
            "Rückruf: Segway-Ninebot E-Scooter mit defektem Klappmechanismus",
            "Wegen eines Defekts am Klappmechanismus ruft Segway-Ninebot E-Scooter zurück.",
        ),
    ],
    "de/yeelight": [
        (
            14,
            0,
            "Yeelight bringt Deckenleuchte mit Matter",
            "Eine neue Deckenleuchte von Yeelight unterstützt Matter.",
        ),
        (
            15,
            5,
            "Neue Yeelight-Deckenleuchte unterstützt Matter",
            "Yeelight bringt eine Deckenleuchte, die Matter unterstützt.",
        ),
    ],
    # --- Chinese ---
    "zh/note14/sale": [
        (21, 0, "Redmi Note 14今日开售，售价1099元起", "Redmi Note 14今天正式开售，起售价1099元。"),
        (22, 2, "Redmi Note 14正式开售 1099元起", "红米Note 14今日开售，售价1099元起，首销火爆。"),
        (23, 5, "1099元起！Redmi Note 14今天开卖", "Redmi Note 14今日正式开卖，起售价1099元。"),
        (26, 8, "Redmi Note 14首销开启 1099元起售", "Redmi Note 14今日首销，售价1099元起。"),
    ],
    "zh/note14/review": [
        (
            24,
            1,
            "Redmi Note 14 Pro评测：两亿像素表现如何",
            "我们体验了Redmi Note 14 Pro的两亿像素主摄。",
        ),
        (
            25,
            7,
            "Redmi Note 14 Pro深度评测：两亿像素主摄实测",
            "Redmi Note 14 Pro评测：两亿像素主摄拍照实测。",
        ),
    ],
    "zh/su7/delivery": [
        (21, 0, "小米SU7交付量突破10万台", "小米汽车宣布，小米SU7累计交付量已突破10万台。"),
        (22, 3, "小米汽车：SU7累计交付突破10万台", "小米SU7交付量突破10万台，小米汽车在微博宣布。"),
        (26, 6, "交付破10万台！小米SU7再创里程碑", "小米汽车官方宣布SU7累计交付量突破10万台。"),
        (25, 9, "小米SU7累计交付量突破10万台", "小米汽车宣布，SU7交付量累计突破10万台。"),
    ],
    "zh/su7/price": [
        (23, 2, "小米SU7 Ultra官宣降价", "小米SU7 Ultra宣布官方降价，新价格即日生效。"),
        (
            24,
            5,
            "小米SU7 Ultra降价了 新价格即日生效",
            "小米汽车宣布SU7 Ultra降价，新价格今天起生效。",
        ),
    ],
    "zh/xiaomi/earnings": [
        (
            21,
            0,
            "小米集团第三季度经调整净利润增长60%",
            "小米集团公布第三季度财报，经调整净利润同比增长60%。",
        ),
        (
            22,
            1,
            "小米三季度财报：经调整净利润同比增长60%",
            "小米集团第三季度经调整净利润同比增长60%，汽车业务表现亮眼。",
        ),
        (
            25,
            4,
            "小米财报出炉 三季度经调整净利润大增60%",
            "小米集团今日公布三季度业绩，经调整净利润增长60%。",
        ),
        (
            26,
            6,
            "小米三季度经调整净利润同比大增60%",
            "小米集团公布三季度财报，经调整净利润同比增长60%。",
        ),
    ],
    "zh/xiaomi/chip": [
        (23, 2, "小米自研芯片玄戒O1正式发布", "小米发布自研手机芯片玄戒O1，采用3纳米工艺。"),
        (
            24,
            4,
            "3纳米工艺！小米玄戒O1芯片正式发布",
            "小米正式发布自研芯片玄戒O1，采用第二代3纳米工艺。",
        ),
        (26, 7, "小米玄戒O1芯片发布 采用3纳米工艺", "小米自研芯片玄戒O1正式发布，采用3纳米工艺。"),
    ],
    "zh/roborock": [
        (
            21,
            0,
            "石头科技发布带机械臂的扫地机器人",
            "石头科技发布新款扫地机器人，配备可折叠机械臂，能捡起袜子。",
        ),
        (
            22,
            4,
            "石头科技推出机械臂扫地机器人 可捡袜子",
            "石头科技新款扫地机器人配备机械臂，可以捡起袜子等小物件。",
        ),
        (
            23,
            6,
            "能捡袜子的扫地机器人来了，石头科技发布新品",
            "石头科技发布配备机械臂的扫地机器人。",
        ),
        (
            26,
            9,
            "石头科技新款扫地机器人配备机械臂",
            "石头科技发布扫地机器人新品，配备机械臂，可以捡起袜子。",
        ),
    ],
    "zh/roborock/results": [
        (24, 3, "石头科技前三季度营收同比增长40%", "石头科技发布财报，前三季度营收同比增长40%。"),
        (
            25,
            6,
            "石头科技财报：前三季度营收增长40%",
            "石头科技前三季度营收同比增长40%，海外市场贡献较大。",
        ),
    ],
    "zh/poco": [
        (
            21,
            0,
            "POCO F7发布：骁龙8s Gen 4加7550毫安电池",
            "POCO F7正式发布，搭载骁龙8s Gen 4，电池容量7550毫安。",
        ),
        (
            22,
            2,
            "POCO F7正式发布 搭载骁龙8s Gen 4",
            "POCO F7发布，配备骁龙8s Gen 4和7550毫安大电池。",
        ),
        (
            25,
            5,
            "骁龙8s Gen 4加持 POCO F7正式发布",
            "POCO F7正式发布，搭载骁龙8s Gen 4，配备7550毫安电池。",
        ),
    ],
    "zh/dreame": [
        (21, 0, "追觅宣布造车 对标布加迪", "追觅科技宣布将造电动超跑，对标布加迪。"),
        (23, 3, "追觅官宣造车，目标对标布加迪", "扫地机器人厂商追觅宣布进军电动超跑，对标布加迪。"),
        (26, 8, "追觅要造超跑了 对标布加迪", "追觅科技正式宣布造车计划，首款电动超跑对标布加迪。"),
        (
            25,
            10,
            "追觅宣布造车 首款电动超跑对标布加迪",
            "追觅科技宣布造车，首款电动超跑对标布加迪。",
        ),
    ],
    "zh/dreame/mower": [
        (24, 1, "追觅发布无边界割草机器人A2", "追觅发布割草机器人A2，无需埋设边界线。"),
        (
            25,
            5,
            "无需边界线 追觅割草机器人A2发布",
            "追觅割草机器人A2正式发布，无需边界线即可工作。",
        ),
    ],
    "zh/amazfit": [
        (
            21,
            0,
            "华米发布Amazfit Balance 2智能手表",
            "华米科技发布Amazfit Balance 2，支持潜水模式，续航21天。",
        ),
        (
            22,
            5,
            "Amazfit Balance 2发布 支持潜水续航21天",
            "华米Amazfit Balance 2智能手表发布，支持潜水，续航21天。",
        ),
    ],
    "zh/hyperos": [
        (
            21,
            0,
            "小米澎湃OS 3开始推送 小米15首批升级",
            "小米澎湃OS 3正式开始推送，小米15系列首批升级。",
        ),
        (
            22,
            3,
            "澎湃OS 3正式推送 小米15系列首发",
            "小米宣布澎湃OS 3开始推送，小米15和15 Pro首批获得更新。",
        ),
    ],
    "zh/mijia": [
        (
            23,
            0,
            "米家发布新款智能空调 一级能效",
            "米家推出新款智能空调，一级能效，支持小爱同学语音控制。",
        ),
        (
            24,
            4,
            "米家新款空调发布 一级能效支持小爱同学",
            "米家智能空调新品发布，一级能效，可用小爱同学控制。",
        ),
    ],
    "zh/blackshark": [
        (25, 0, "黑鲨回归 发布新款游戏平板", "沉寂两年后，黑鲨发布新款游戏平板。"),
        (26, 6, "黑鲨发布游戏平板 品牌正式回归", "黑鲨品牌回归，推出新款游戏平板电脑。"),
    ],
}

LANGUAGE = {
    key: ("de" if key.startswith("de/") else "zh" if key.startswith("zh/") else "en")
    for key in STORIES
}

# The same news in two or three languages, for the cross-language figure.
CROSS_LANGUAGE: dict[str, list[Item]] = {
    "note14/sale": STORIES["note14/sale"]
    + STORIES["de/note14/verkauf"][:1]
    + STORIES["zh/note14/sale"][:1],
    "su7/deliveries": STORIES["su7/deliveries"][:2] + STORIES["zh/su7/delivery"][:2],
    "xiaomi/earnings": STORIES["xiaomi/earnings"][:2]
    + STORIES["de/xiaomi/quartal"][:2]
    + STORIES["zh/xiaomi/earnings"][:2],
    "poco/f7": STORIES["poco/f7"][:2] + STORIES["zh/poco"],
    "roborock/saros": STORIES["roborock/saros"][:2] + STORIES["zh/roborock"][:2],
    "dreame/car": STORIES["dreame/car"] + STORIES["zh/dreame"][:2],
}
