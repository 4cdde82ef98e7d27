#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus from the real seed content.

    .venv/bin/python scripts/gen_corpus.py 5000 bench/corpus-5000 [--seed 1]

OUT/ gets a complete site for our plugins (OUT/mkdocs.yml + OUT/content/) and
OUT/plain/ the same articles for plain mkdocs-material (the baseline).
Article text is new prose from a word-level Markov chain trained on the real
articles in content/, with names, places, years and some words swapped
(corpus_text.py), so text-keyed caches hit about as often as on a real archive;
corpus.json records the share of distinct Han runs.  Headings, figure captions
and titles come from the real articles.
The same N and seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
import time
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_files import GENERATOR, MARKER, refresh, seed_digest  # noqa: E402
from corpus_text import Cast, TextModel, distinct_share  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)
# Ordinals make no sense once headings are shuffled ("三、" before "一、").
ORDINAL = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+步棋，|问：)\s*")

YEARS = range(2004, 2024)  # 20 years × 6 bimonthly issues
ISSUES_PER_YEAR = 6
ARTICLES_PER_ISSUE = 40
NEWS_SHARE = 0.15
TARGET_CHARS = (2650, 3250)  # stop adding paragraphs past this; bodies average ~3,200 characters

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓彭苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华飞玉萍红鹏辉建国志海波宁晓春林东斌雪琳亮健峰梅颖婷浩宇欣晨博凯瑞思佳振兴荣光家永德新立成士云秋兰鑫岩帅捷"
CITIES = [("苏州", "江苏"), ("无锡", "江苏"), ("南京", "江苏"), ("杭州", "浙江"), ("宁波", "浙江"), ("温州", "浙江"), ("合肥", "安徽"),
          ("芜湖", "安徽"), ("济南", "山东"), ("青岛", "山东"), ("烟台", "山东"), ("郑州", "河南"), ("洛阳", "河南"), ("武汉", "湖北"),
          ("襄阳", "湖北"), ("长沙", "湖南"), ("株洲", "湖南"), ("深圳", "广东"), ("佛山", "广东"), ("东莞", "广东"), ("成都", "四川"),
          ("绵阳", "四川"), ("西安", "陕西"), ("宝鸡", "陕西"), ("沈阳", "辽宁"), ("大连", "辽宁"), ("哈尔滨", "黑龙江"), ("吉林", "吉林"),
          ("石家庄", "河北"), ("唐山", "河北"), ("太原", "山西"), ("南昌", "江西"), ("福州", "福建"), ("厦门", "福建"), ("昆明", "云南"),
          ("贵阳", "贵州"), ("兰州", "甘肃"), ("柳州", "广西"), ("包头", "内蒙古"), ("乌鲁木齐", "新疆")]
BRANDS = ["恒达", "华信", "中科", "天成", "宏远", "金桥", "瑞丰", "新源", "博通", "联创", "海源", "精工", "凯盛", "鼎盛", "永兴",
          "华能", "远航", "正泰", "振华", "科达", "汇川", "明阳", "航宇", "泰和", "北辰", "东方", "安泰", "宏大", "华腾", "科润"]
INDUSTRIES = ["智能装备", "新材料", "生物医药", "电子科技", "能源科技", "环保科技", "精密机械", "汽车零部件", "信息技术",
              "化工", "建设工程", "光电科技", "轨道交通装备", "储能技术"]
FORMS = ["有限公司", "股份有限公司", "集团有限公司"]
TITLES = ["总工程师", "副总经理", "技术中心主任", "研发部部长", "首席技术专家", "高级工程师", "工艺所所长", "车间主任"]
KEXIE_TITLES = ["主席", "副主席", "秘书长", "办公室主任", "组织部部长"]  # for people whose org is a 科协
MASTHEAD = """masthead:
  - role: 编印
    names: [中国科协企业创新服务中心]
  - role: 主编
    names: [陈 剑]
  - role: 执行主编
    names: [魏晓文]
  - role: 责任编辑
    names: [齐英姿, 李 曼, 高 妍]
"""
FIGURE = "〔图略〕{cap}\n{{: .kx-caption-note }}"  # a print photo the site does not have: its caption as a note


# -- reading the seed content ---------------------------------------------------

def seed_texts() -> dict[str, list[str]]:
    """Paragraphs, headings, title phrases and figure captions of the real articles."""
    paras, heads, phrases, caps = [], [], [], []
    for path in sorted((CONTENT / "issues").rglob("*.md")) + sorted((CONTENT / "news").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        m = FRONT_MATTER.match(text)
        if m:
            meta = yaml.safe_load(text[4:m.end() - 4])
            title = str(meta.get("title", ""))
            phrases += [part for part in re.split(r"：|——", title) if len(part) >= 6]
            text = text[m.end():]
        caps += re.findall(r"<figcaption>(.*?)</figcaption>", text) + re.findall(r"^〔图略〕(.+)$", text, re.M)
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if block.startswith("#"):
                heads.append(ORDINAL.sub("", block.lstrip("#").strip()))
            # plain prose only: no HTML, lists, images or line-broken blocks
            elif len(block) >= 40 and "\n" not in block and not block.startswith(("<", "-", "!", "|", "`", "*")):
                paras.append(block)
    return {"paras": paras, "heads": [h for h in heads if h], "phrases": phrases + heads, "caps": caps}


def quote(value) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def pinyin(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text, style=Style.NORMAL)).lower())


def unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# -- registries -------------------------------------------------------------------

CROWDED = 200  # draws in a row that made no new org: the brand + industry shorts are used up


def gen_orgs(rng: random.Random, count: int, real: list[dict]) -> list[dict]:
    """Companies, their 科协, and city 科协, with unique names, shorts and slugs."""
    names = {k for o in real for k in (o.get("name"), o.get("short")) if k}
    slugs = {o["slug"] for o in real if o.get("slug")}
    provincial = {o["region"]: o["name"] for o in real if o.get("kind") == "省级科协" and o.get("region")}
    out, companies, misses = [], [], 0
    while len(out) < count:
        roll = rng.random()
        city, province = rng.choice(CITIES)
        if roll < 0.3 and companies:  # the 科协 of a company we already made
            company = rng.choice(companies)
            org = {"name": company["name"] + "科协", "short": company["short"] + "科协", "kind": "企业科协",
                   "region": company["region"], "parent": company["name"], "_slug": company["slug"] + "-kexie"}
        elif roll < 0.4:
            org = {"name": f"{city}市科协", "kind": "市级科协", "region": province, "_slug": pinyin(city) + "-kexie"}
            if province in provincial:
                org["parent"] = provincial[province]
        else:
            brand, industry = rng.choice(BRANDS), rng.choice(INDUSTRIES)
            # 420 brand + industry shorts: past ~800 orgs (20,000 articles) every draw collided and the loop
            # never ended; once draws keep missing, a short names its city too (smaller corpora unchanged)
            short = f"{brand}{industry}" if misses < CROWDED else f"{city}{brand}{industry}"
            org = {"name": f"{city}{brand}{industry}{rng.choice(FORMS)}", "short": short, "kind": "企业",
                   "region": province, "_slug": f"{pinyin(city)}-{pinyin(brand)}-{pinyin(industry)}"}
        if org["name"] in names or org.get("short") in names:
            misses = misses + 1 if misses < CROWDED else misses
            continue
        misses = misses if misses >= CROWDED else 0
        names.update(k for k in (org["name"], org.get("short")) if k)
        entry = {"name": org["name"], "slug": unique_slug(org.pop("_slug"), slugs), **{k: v for k, v in org.items() if k != "name"}}
        out.append(entry)
        if entry["kind"] == "企业":
            companies.append(entry)
    return out


def gen_people(rng: random.Random, count: int, real: list[dict], orgs: list[dict]) -> list[dict]:
    names = {p["name"] for p in real}
    slugs = {p["slug"] for p in real if p.get("slug")}
    out = []
    while len(out) < count:
        surname, given = rng.choice(SURNAMES), "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = surname + given
        if name in names:
            continue
        names.add(name)
        org = rng.choice(orgs)
        title = rng.choice(KEXIE_TITLES if org["name"].endswith(("科协", "科学技术协会")) else TITLES)
        person = {"name": name, "slug": unique_slug(f"{pinyin(surname)}-{pinyin(given)}", slugs), "org": org["name"]}
        if org.get("region"):
            person["region"] = org["region"]
        person["title"] = title
        roll = rng.random()
        if roll < 0.25:
            year = rng.choice(YEARS)
            person |= {"roles": ["创新达人"], "honours": [f"{year}年{org.get('region', '')}企业“创新达人”"], "honour_year": year}
        else:
            person["roles"] = ["科协负责人"] if roll < 0.5 else ["作者"]
        person["bio"] = f"{org['name']}{title}。长期从事企业技术创新与科协工作，多次在本刊撰文介绍本单位的做法。"
        out.append(person)
    return out


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


# -- articles ---------------------------------------------------------------------

def body(rng: random.Random, seed: dict, model: TextModel, cast: Cast, assets: str) -> str:
    """~3,200 characters: new paragraphs from the text model, 2–4 ## headings, sometimes a figure."""
    target = rng.randint(*TARGET_CHARS)
    paras, size = [], 0
    while size < target:
        paras.append(model.paragraph(rng, cast))
        size += len(paras[-1])
    n_heads = rng.randint(2, 4)
    # headings after the lead paragraph, spread evenly through the rest
    at = {1 + (len(paras) - 1) * k // n_heads for k in range(n_heads)}
    heads = rng.sample(seed["heads"], n_heads)
    blocks = []
    for i, p in enumerate(paras):
        if i in at:
            blocks.append("## " + heads.pop())
        blocks.append(p)
    if rng.random() < 0.3:
        blocks.insert(rng.randint(2, len(blocks)), FIGURE.format(cap=rng.choice(seed["caps"])))
    return "\n\n".join(blocks) + "\n"


def title_for(rng: random.Random, seed: dict, people: list[str], orgs: list[str]) -> str:
    phrase = rng.choice(seed["phrases"])
    if people and rng.random() < 0.5:
        return f"{people[0]}：{phrase}"
    if orgs and rng.random() < 0.4:
        return f"{orgs[0]}：{phrase}"
    return phrase


def refs(rng: random.Random, pool: list[str]) -> list[str]:
    return rng.sample(pool, rng.choice((0, 0, 1, 1, 2)))


def article(rng: random.Random, seed: dict, model: TextModel, year: int, assets: str) -> dict:
    people, orgs = refs(rng, model.people_pool), refs(rng, model.org_pool)
    text = body(rng, seed, model, Cast(people, orgs, year), assets)
    return {"title": title_for(rng, seed, people, orgs), "authors": [random_name(rng) for _ in range(rng.randint(1, 2))],
            "org": orgs, "person": people, "summary": text.split("\n\n", 1)[0][:200], "body": text}


def front_matter(a: dict) -> str:
    lines = [f"title: {quote(a['title'])}"]
    if "issue" in a:
        lines += [f"issue: {quote(a['issue'])}", f"section: {quote(a['section'])}", f"page: {a['page']}"]
    else:
        lines += [f"date: {a['date'].isoformat()}", f"section: {quote(a['section'])}"]
    lines.append(f"authors: {flow_list(a['authors'])}")
    lines += [f"{key}: {flow_list(a[key])}" for key in ("org", "person") if a[key]]
    lines.append(f"summary: {quote(a['summary'])}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def issue_yml(year: int, number: int) -> str:
    total = 315 + (year - 2023) * ISSUES_PER_YEAR + (number - 2)  # 2023-02 was 总第315期
    print_date = dt.date(year, 2 * number, 28 if number == 1 else 30)
    return (f'id: "{year}-{number:02d}"\npublication: 企业科协\nyear: {year}\nnumber: {number}\ntotal: {total}\n'
            f"print_date: {print_date.isoformat()}\ncontents_heading: CONTENTS 目录\n{MASTHEAD}")


# -- the two sites ----------------------------------------------------------------

def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def prepare(out: Path) -> None:
    """Start from an empty corpus folder; refuse to wipe a folder we did not make."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and is not a generated corpus (no {MARKER}); choose another folder")
    for sub in ("content", "plain", MARKER, "mkdocs.yml"):
        p = out / sub
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    out.mkdir(parents=True, exist_ok=True)


def generate(n: int, out: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    seed_text = seed_texts()
    prepare(out)
    content, docs = out / "content", out / "plain" / "docs"

    # registries: the real files, then generated entries after them
    data = CONTENT / "_data"
    real_orgs, real_people = yaml.safe_load((data / "orgs.yml").read_text("utf-8")), yaml.safe_load((data / "people.yml").read_text("utf-8"))
    orgs = gen_orgs(rng, n // 25, real_orgs)
    people = gen_people(rng, n // 15, real_people, real_orgs + orgs)
    for name in ("sections.yml", "publications.yml"):
        write(content / "_data" / name, (data / name).read_text("utf-8"))
    for name, extra in (("orgs.yml", orgs), ("people.yml", people)):
        generated = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False, width=1000) if extra else ""
        write(content / "_data" / name, (data / name).read_text("utf-8").rstrip("\n") + "\n\n# ---- generated by scripts/gen_corpus.py ----\n" + generated)
    index = (CONTENT / "index.md").read_text("utf-8")
    write(content / "index.md", index)
    write(docs / "index.md", "---\ntitle: 首页\n---\n\n" + FRONT_MATTER.sub("", index))

    sections = yaml.safe_load((data / "sections.yml").read_text("utf-8"))
    magazine = [s["name"] for s in sections if s.get("kind", "magazine") == "magazine"]
    hub = [s["name"] for s in sections if s.get("kind") == "hub"]
    model = TextModel(seed_text["paras"], [p["name"] for p in real_people],
                      [k for o in real_orgs for k in (o["name"], o.get("short")) if k],
                      [p["name"] for p in real_people + people], [o.get("short") or o["name"] for o in real_orgs + orgs], CITIES)

    n_news = round(n * NEWS_SHARE)
    n_mag = n - n_news
    all_issues = [(y, k) for y in YEARS for k in range(1, ISSUES_PER_YEAR + 1)]
    n_issues = min(len(all_issues), max(1, math.ceil(n_mag / ARTICLES_PER_ISSUE))) if n_mag else 0
    issues = all_issues[len(all_issues) - n_issues:]  # the most recent ones

    articles: list[dict] = []
    for j, (year, number) in enumerate(issues):
        issue_id = f"{year}-{number:02d}"
        write(content / "issues" / issue_id / "issue.yml", issue_yml(year, number))
        count = n_mag // n_issues + (1 if j < n_mag % n_issues else 0)
        # 卷首语 opens every issue; the rest in editorial (CONTENTS) order, pages increasing
        secs = magazine[:1] + sorted((rng.choice(magazine[1:]) for _ in range(count - 1)), key=magazine.index)
        page = 1
        for section in secs[:count]:
            a = article(rng, seed_text, model, year, "../../assets")
            articles.append(a | {"issue": issue_id, "section": section, "page": page, "dir": f"issues/{issue_id}"})
            page += rng.randint(2, 4)
    start, days = dt.date(YEARS[0], 1, 1), (dt.date(YEARS[-1], 12, 31) - dt.date(YEARS[0], 1, 1)).days
    for _ in range(n_news):
        date = start + dt.timedelta(days=rng.randint(0, days))
        a = article(rng, seed_text, model, date.year, "../assets")
        articles.append(a | {"date": date, "section": rng.choice(hub), "dir": "news"})

    for i, a in enumerate(articles):
        rel = f"{a['dir']}/a-{i:06d}.md"
        write(content / rel, front_matter(a) + a["body"])
        write(docs / rel, f"---\ntitle: {quote(a['title'])}\n---\n\n" + a["body"])

    refresh(out)  # both mkdocs.yml and the assets
    distinct, runs = distinct_share(a["body"] for a in articles)
    summary = {"n": n, "seed": seed, "generator": GENERATOR, "seeds": seed_digest(), "magazine": n_mag, "news": n_news, "issues": n_issues,
               "people": len(real_people) + len(people), "orgs": len(real_orgs) + len(orgs),
               "chars": sum(len(a["body"]) for a in articles),
               "han_runs": runs, "distinct_han_runs": distinct, "distinct_share": round(distinct / max(runs, 1), 4)}
    write(out / MARKER, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles (~85%% magazine, ~15%% news)")
    ap.add_argument("out", type=Path, help="output folder (created; a previous corpus there is replaced)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("n must be at least 1")
    start, cpu = time.perf_counter(), time.process_time()
    summary = generate(args.n, args.out.resolve(), args.seed)
    print(json.dumps(summary, ensure_ascii=False))
    print(f"generated in {time.perf_counter() - start:.1f} s ({time.process_time() - cpu:.1f} s CPU)")


if __name__ == "__main__":
    main()
