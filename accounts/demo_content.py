"""Demo articles, written by the Counterpoint team for the demo data (not scraped)."""

ENERGY_ZH = {
    "title": "用“养大一个人要二十年口粮”来衡量 AI 的耗电，公平吗？",
    "language": "zh-hans",
    "publisher": "Counterpoint 示例",
    "author": "Counterpoint 编辑部",
    "source_url": "https://example.org/demo/ai-energy-vs-food",
    "text": """有人说，批评 AI 耗电的人忘了一件事：培养一个能干活的成年人，需要二十年的食物、住房和教育。按这种算法，训练一个大模型只要几个月，似乎反而更“划算”。

这个比较听起来很巧妙，但它把两种完全不同的东西放在了同一杆秤上。一个人吃下的粮食，首先是为了活着，其次才是为了学习；而数据中心消耗的每一度电，都只为了计算。

🍚 把一碗米饭折算成千瓦时，并不能说明人的价值，也不能说明模型的代价。能源账真正该问的是：同样一件工作，由模型完成比由人完成，多用了还是少用了电？

更何况，模型不是只训练一次。每一次回答问题都要推理，用户越多，推理的总耗电越大。训练成本可以摊薄，推理成本却会随着使用量一起增长。

所以，与其争论“人和模型谁更费粮”，不如公开每次推理的能耗，并把电力来源算进去。这样的数字，才经得起反驳。""",
}

PRICE_EN = {
    "title": "Does the price of AI really fall tenfold every year?",
    "language": "en",
    "publisher": "Counterpoint demo",
    "author": "Counterpoint editors",
    "source_url": "https://example.org/demo/ai-price-tenfold",
    "text": """A claim now repeated in every keynote: the cost of using a given level of AI falls about tenfold every year. If that held for a decade, a task that costs a dollar today would cost a ten-billionth of a dollar.

The evidence usually offered is the list price per million tokens. Between two model releases a year apart, the price for comparable quality did drop by an order of magnitude or more.

But list prices are set by companies competing for market share, not by their costs. A price cut funded by investors tells us about strategy, not about efficiency.

There is also the question of what counts as "the same level" of AI. Benchmarks saturate, and a cheaper model that matches last year's score may still fail on the tasks people actually care about.

Cheaper inference is real, and hardware and distillation explain much of it. Whether it can continue at this pace is an empirical question, and the honest answer is that we do not know yet.""",
}

SCALING_EN = {
    "title": "More compute, smarter models: a law or a trend?",
    "language": "en",
    "publisher": "Counterpoint demo",
    "author": "Counterpoint editors",
    "source_url": "https://example.org/demo/scaling-law-or-trend",
    "text": """📈 Scaling laws say that a model's loss falls predictably as compute, data and parameters grow. Investors read this as a promise: spend more, get more intelligence.

Yet a smooth curve in loss is not a smooth curve in usefulness. Some abilities appear suddenly, others barely move, and the data needed to keep the curve going is running short.

A law of nature holds whether or not we can afford the next step. A trend holds only as long as the conditions that produced it — cheap chips, fresh text, patient capital — keep holding too.""",
}

ARTICLES = [ENERGY_ZH, PRICE_EN, SCALING_EN]

# Passages and their debate: (article, quote, who marked it, answers). Each answer is
# (author, stance, body, replies, voters up, voters down); replies are (author, stance, body).
DEBATES = [
    (
        ENERGY_ZH,
        "训练一个大模型只要几个月，似乎反而更“划算”",
        "bob",
        [
            (
                "bob",
                "refutes",
                "训练只是开始。**推理**的耗电随用户数增长，几个月的训练成本并不是全部账单。",
                [("alice", "qualifies", "同意推理更重要，但训练的一次性投入也不能忽略。")],
                ["alice", "mona"],
                [],
            ),
            (
                "mona",
                "asks",
                "“划算”是按什么单位比较的？每千瓦时完成多少任务吗？",
                [],
                ["bob"],
                [],
            ),
        ],
    ),
    (
        PRICE_EN,
        "the cost of using a given level of AI falls about tenfold every year",
        "alice",
        [
            (
                "alice",
                "qualifies",
                "List prices fell tenfold, but list prices are *strategy*, not cost. "
                "A cut funded by investors says little about efficiency.",
                [("bob", "supports", "Agreed: a price war tells us little about efficiency.")],
                ["bob"],
                ["mona"],
            ),
        ],
    ),
]
