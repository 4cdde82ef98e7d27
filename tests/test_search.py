"""Chinese search: every page that contains the query, ranked as a reader expects,
downloading only what a query needs.

The queries run through the real client (theme_overrides/assets/kexie/search.js)
in Debian's Chromium against the built seed site. What "contains" means is read
from the Markdown sources, not from the index: the index must not be its own judge.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from kexie.core.catalog import load_catalog
from kexie.search.index import bucket
from kexie.search.tokens import fold, name_key, term_tokens, terms
from browserkit import PHONE, SCREENS, PageView, chromium_browser, run_axe, serve
from sitekit import CONTENT, REPO

SHOTS = REPO / "test-output" / "screenshots"
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Characters that may not begin a snippet line, and characters that must never reach a reader.
LEADING_PUNCT = "，。、；：！？,.;:!?）)】》」』”’"
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def docs(site: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((site / "search/d").glob("*.json"))]


# ---------------------------------------------------------------- what the sources say


def source_texts() -> dict[str, str]:
    """url → title + body of every article, whitespace removed, folded: the truth for recall."""
    catalog = load_catalog(CONTENT)
    out = {}
    for path, article in catalog.by_path.items():
        body = (CONTENT / path).read_text(encoding="utf-8").split("\n---", 1)[1]
        body = re.sub(r"\]\([^)]*\)|\{:[^}]*\}|<[^>]+>|[*_#>|`\[\]!-]", "", body)  # Markdown syntax is not text
        out[article.url] = fold(re.sub(r"\s+", "", article.title + body))
    return out


def sampled_queries(texts: dict[str, str], per_article: int = 3, seed: int = 7) -> list[str]:
    """Substrings a reader might type: Han runs of 1 to 6 characters from every article."""
    rng = random.Random(seed)
    queries = []
    for url in sorted(texts):
        runs = [r for r in HAN.findall(texts[url]) if len(r) >= 2]
        for _ in range(per_article):
            run = rng.choice(runs)
            n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6])
            start = rng.randrange(0, max(1, len(run) - n + 1))
            queries.append(run[start: start + n])
    return sorted(set(queries))


# ---------------------------------------------------------------- browser fixtures


@pytest.fixture(scope="module")
def server(seed_site):
    with serve(seed_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


@pytest.fixture
def phone(browser, server):
    view = PageView(browser, server, PHONE)
    view.page.set_default_timeout(15_000)
    yield view
    view.close()


def run_queries(page, queries: list[str], limit: int = 1000) -> dict[str, list[str]]:
    """Every query through the real client: urls of the verified hits, best first."""
    return page.evaluate("""async ([qs, limit]) => {
        const out = {};
        for (const q of qs) {
          const s = await kexieSearch.candidates(q);
          out[q] = s ? (await kexieSearch.more(s, limit)).map(d => d.u) : [];
        }
        return out;
    }""", [queries, limit])


@pytest.fixture(scope="module")
def client(browser, server):
    """One page of the seed site whose client answers queries."""
    page = browser.new_page()
    page.goto(server + "issues/2023-02/")
    page.wait_for_function("window.kexieSearch !== undefined")
    yield page
    page.close()


# ---------------------------------------------------------------- the tokens: Python and browser agree


TOKEN_CASES = ["广西壮族自治区科学技术协会" * 5, "镁合金", "医用镁合金技术", "李卫荣 广西", "5G基站建设", "ＡＢＣ１２３ｘｙｚ", "MkDocs 1.6", "科", "“科创中国”",
               "2023年第2期（总第315期）", "一、二、三", "   ", "", "Ünïcödé café", "𠀀𠀁汉字", "a" * 40, "混合text和123数字",
               "天天津市科协", "\u200b镁\u200b合金", "〇一二", "ＣＮ-2023"]


def test_browser_and_index_cut_queries_the_same_way(client):
    js = client.evaluate("""(cases) => cases.map(c => {
        const ts = kexieSearch.terms(c);
        return {fold: kexieSearch.fold(c), terms: ts, tokens: ts.map(kexieSearch.termTokens), name: kexieSearch.nameKey(c),
                buckets: ts.flatMap(kexieSearch.termTokens).map(t => kexieSearch.bucket(t, 4096))};
    })""", TOKEN_CASES)
    for case, got in zip(TOKEN_CASES, js):
        ts = terms(case)
        want = {"fold": fold(case), "terms": ts, "tokens": [term_tokens(t) for t in ts], "name": name_key(case),
                "buckets": [bucket(tok, 4096) for t in ts for tok in term_tokens(t)]}
        assert got == want, f"{case!r}: browser {got} ≠ index {want}"


# ---------------------------------------------------------------- recall and precision


def test_every_article_containing_the_query_is_found(client, seed_site):
    texts = source_texts()
    named = ["合金", "卫荣", "广西", "镁合金", "职称评定", "民营企业", "科协", "创新", "科", "达人", "揭榜挂帅", "东莞"]
    queries = named + sampled_queries(texts)
    assert len(queries) > 80
    results = run_queries(client, queries)
    stored = {d["u"]: fold(d["t"] + "\n" + d["m"] + "\n" + d["x"]) for d in docs(seed_site)}
    missing = []
    for q in queries:
        want = {url for url, text in texts.items() if fold(q) in text}
        got = results[q]
        if want - set(got):
            missing.append(f"{q}: missing {sorted(want - set(got))}")
        assert len(got) == len(set(got)), f"{q}: a page listed twice"
        wrong = [u for u in got if fold(q) not in stored[u]]
        assert not wrong, f"{q}: hits that do not contain it: {wrong}"
    assert not missing, f"{len(missing)} of {len(queries)} queries miss articles:\n" + "\n".join(missing)


def test_several_terms_must_all_match(client):
    r = run_queries(client, ["天津", "职称", "天津 职称", "李卫荣 镁合金", "镁合金 广西", "创新达人　东莞"])
    assert set(r["天津 职称"]) == set(r["天津"]) & set(r["职称"]) and r["天津 职称"]
    assert "issues/2023-02/li-weirong/" in r["李卫荣 镁合金"]
    assert r["镁合金 广西"] == []
    assert r["创新达人　东莞"], "a full-width space separates terms too"


def test_latin_words_numbers_and_single_characters(client, seed_site):
    texts = source_texts()
    words = sorted({w for t in texts.values() for w in re.findall(r"[0-9a-z]{2,}", t)})[:15]
    r = run_queries(client, words + ["镁", "荣"])
    for q in words + ["镁", "荣"]:
        want = {u for u, t in texts.items() if re.search(rf"(?<![0-9a-z]){re.escape(q)}(?![0-9a-z])", t) or (not q.isascii() and q in t)}
        assert want <= set(r[q]), f"{q}: missing {sorted(want - set(r[q]))}"


# ---------------------------------------------------------------- ranking


def test_a_full_title_finds_its_article_first(client):
    catalog = load_catalog(CONTENT)
    titles = {a.title: a.url for a in catalog.by_path.values()}
    r = run_queries(client, list(titles), limit=3)
    wrong = [f"{t}: {r[t][:3]}" for t, url in titles.items() if not r[t] or r[t][0] != url]
    assert not wrong, "\n".join(wrong)


def test_names_find_their_pages_first(client):
    catalog = load_catalog(CONTENT)
    people = {p.name: p for p in catalog.people}
    r = run_queries(client, list(people) + [o.name for o in catalog.orgs] + [s.name for s in catalog.sections]
                    + [i.label for i in catalog.issues], limit=5)
    for name, person in people.items():
        theirs = {person.url} | {a.url for a in catalog.by_person.get(person.slug, [])}
        assert r[name] and r[name][0] in theirs, f"{name}: top hits {r[name][:3]}, expected their page or article"
    for org in catalog.orgs:
        assert org.url in r[org.name][:3], f"{org.name}: {r[org.name][:3]}"
    for s in catalog.sections:
        assert r[s.name][:1] == [s.url], f"{s.name}: {r[s.name][:3]}"
    for i in catalog.issues:
        assert r[i.label][:1] == [i.url], f"{i.label}: {r[i.label][:3]}"


def test_innovator_profiles_rank_near_the_top(client):
    catalog = load_catalog(CONTENT)
    profiles = {a.url for a in catalog.by_path.values() if a.section.name == "创新达人"}
    top = run_queries(client, ["创新达人"], limit=10)["创新达人"]
    assert profiles and profiles <= set(top[:8]), f"创新达人: profiles {sorted(profiles)} not in the top 8 {top[:8]}"


def test_title_hits_rank_before_text_hits(client, seed_site):
    titles = {d["u"]: d["t"] for d in docs(seed_site)}
    for q in ["广西", "天津", "科协", "创新"]:
        got = run_queries(client, [q])[q]
        in_title = [q in titles[u] for u in got]
        assert in_title[0] and in_title == sorted(in_title, reverse=True), f"{q}: title hits not first: {got}"


# ---------------------------------------------------------------- the reader's interface


def test_no_page_downloads_the_index_until_the_reader_searches(phone):
    for url in ["", "issues/2023-02/", "issues/2023-02/li-weirong/", "people/li-weirong/", "news/"]:
        phone.goto(url)
    fetched = [u for u in phone.requests.urls if "/search/" in u]
    assert fetched == [], f"pages downloaded search data before any search: {fetched}"


def open_header_search(view: PageView, query: str):
    """Tap the magnifier (phone) or the box (desktop), type, wait for the count: the header's hits."""
    page = view.page
    field = page.locator("[data-kx-search] [data-kx-search-input]")
    magnifier = page.locator('.md-header label[for="__search"]').first
    if magnifier.is_visible():
        magnifier.click()
        field.wait_for(state="visible")
    else:
        field.click()
    field.fill(query)
    page.locator("[data-kx-search] [data-kx-search-status]").filter(has_text="找到").wait_for()
    return page.locator("[data-kx-search] .kx-hit")


def test_phone_header_search_and_shareable_results_page(phone):
    phone.goto("issues/2023-02/")
    hits = open_header_search(phone, "卫荣")
    phone.screenshot(SHOTS / "search-header-phone.png")
    assert "/issues/2023-02/li-weirong/" in hits.locator("a").evaluate_all("els => els.map(e => e.href)")[0]
    assert hits.first.locator("mark").first.inner_text() == "卫荣"
    status = phone.page.locator("[data-kx-search] [data-kx-search-status]").inner_text()
    assert re.fullmatch(r"找到 \d+ 篇", status), status
    check_snippets(hits.locator(".kx-hit__snippet").all_inner_texts())
    # the search data fetched for one query: the manifest, the shards of 卫荣 and of the name "=卫荣", the pages shown
    fetched = [urlsplit(u).path for u in phone.requests.urls if "/search/" in u]
    assert len([p for p in fetched if p.startswith("/search/s/")]) <= 2, fetched
    assert len([p for p in fetched if p.startswith("/search/d/")]) == hits.count(), fetched

    page = phone.page
    page.locator("[data-kx-search-all]").wait_for()
    page.locator("[data-kx-search] [data-kx-search-input]").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert unquote(urlsplit(page.url).query) == "q=卫荣"
    page_hits = page.locator("[data-kx-search-page] .kx-hit")
    page_hits.first.wait_for()
    phone.screenshot(SHOTS / "search-page-phone.png")
    assert page_hits.first.locator(".kx-hit__where").inner_text() == "2023年第2期 · 创新达人 · 第42页"
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    assert not phone.requests.problems()


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_search_dialog_and_results_page_are_accessible(browser, server, screen):
    view = PageView(browser, server, screen)
    try:
        view.goto("issues/2023-02/li-weirong/")
        open_header_search(view, "科协")
        view.page.wait_for_timeout(300)  # the dialog's fade-in: axe reads colours as shown
        view.screenshot(SHOTS / f"{screen.name}-search-dialog.png")
        problems = [f"dialog: axe {line}" for line in run_axe(view.page)]
        view.goto("search/?q=" + "科协 创新")
        view.page.locator("[data-kx-search-page] .kx-hit").first.wait_for()
        view.screenshot(SHOTS / f"{screen.name}-search.png", full_page=True)
        problems += [f"/search/: axe {line}" for line in run_axe(view.page)]
        h1 = view.page.locator("h1").count()
        if h1 != 1:
            problems.append(f"/search/: {h1} <h1> elements; a page has exactly one")
        problems += view.requests.problems()
        assert not problems, f"{screen.name}:\n" + "\n".join(problems)
    finally:
        view.close()


def test_results_page_lists_every_hit_as_the_reader_scrolls(phone, client):
    everything = run_queries(client, ["科"])["科"]
    assert len(everything) > 40  # more than two screens' worth
    phone.goto("search/?q=" + "科")
    page = phone.page
    hits = page.locator("[data-kx-search-page] .kx-hit")
    hits.first.wait_for()
    for _ in range(20):
        if hits.count() >= len(everything):
            break
        page.mouse.wheel(0, 20_000)
        page.wait_for_timeout(300)
    links = [urlsplit(h).path.lstrip("/") for h in hits.locator("a").evaluate_all("els => els.map(e => e.href)")]
    assert links == everything
    status = page.locator("[data-kx-search-page] [data-kx-search-status]").inner_text()
    assert f"共 {len(everything)} 篇" in status and f"已显示 {len(everything)} 篇" in status
    check_snippets(hits.locator(".kx-hit__snippet").all_inner_texts())
    assert page.locator("[data-kx-search-more]").is_hidden()


def test_nothing_found_says_so_in_chinese(phone):
    phone.goto("search/?q=" + "量子纠缠态")
    status = phone.page.locator("[data-kx-search-page] [data-kx-search-status]")
    status.filter(has_text="没有找到").wait_for()
    assert "“量子纠缠态”" in status.inner_text()


def check_snippets(snippets: list[str]) -> None:
    assert snippets
    for s in snippets:
        assert not INVISIBLE.search(s), f"invisible characters in a snippet: {s!r}"
        for line in s.splitlines():
            assert line and line[0] not in LEADING_PUNCT, f"a snippet line starts with punctuation: {line!r}"


# ---------------------------------------------------------------- the files


def test_index_files_cover_every_searchable_page(seed_site):
    manifest = json.loads((seed_site / "search/manifest.json").read_text(encoding="utf-8"))
    stored = docs(seed_site)
    assert manifest["docs"] == len(stored) and len((list((seed_site / "search/s").glob("*.bin")))) == manifest["shards"]
    urls = [d["u"] for d in stored]
    assert len(urls) == len(set(urls))
    catalog = load_catalog(CONTENT)
    expected = {a.url for a in catalog.by_path.values()} | {p.url for p in catalog.people} | {o.url for o in catalog.orgs} \
        | {s.url for s in catalog.sections} | {i.url for i in catalog.issues}
    assert expected == set(urls)
    for d in stored:
        assert not INVISIBLE.search(d["x"] + d["t"]), d["u"]
    # no piece is large: a query fetches a few shards of a few KB
    assert max(p.stat().st_size for p in (seed_site / "search/s").glob("*.bin")) < 64_000


def test_search_needs_no_word_list():
    config = yaml.unsafe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not (CONTENT / "_data/search-words.txt").exists()
    assert "kexie/search" in [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]


@pytest.mark.parametrize("heavy", [False, True], ids=["light", "heavy"])
def test_preview_updates_the_index_as_a_fresh_write_would(tmp_path, heavy):
    """serve --dirty rewrites only the edited pages' shards; the files must equal a whole write's
    (also when tokens become heavy or light again: a token on 2 of the 4 pages is heavy here)."""
    from kexie.search.index import Doc, SearchIndex

    def index(**kw):
        made = SearchIndex(**kw)
        if heavy:
            made.heavy_min, made.block = 1, 1
        return made

    texts = ["李卫荣研究医用镁合金材料。", "天津市科协助力民营企业 AI 2023。", "中交科协女科技工作者之家成立。", "创新达人王家泽。"]
    docs = [Doc(url=f"p{i}/", title=f"标题{i}", text=t * 3, rank=(i,)) for i, t in enumerate(texts)]
    kept = index(keep=True)
    for d in docs:
        kept.add(d)
    kept.write(tmp_path / "kept")
    # the last edits move pairs without changing their counts: only position masks change;
    # then a title takes a pair of the text and gives it back
    edits = [(1, "天津市科协助力民营企业，新增一段：镁合金 xyz。"), (0, "全新的正文。"), (3, texts[3] * 3),
             (2, "成立。" + texts[2] * 3), (2, "之家成立，中交科协女科技工作者之家成立。中交科协女科技工作者之家成立。"),
             (1, "天津市科协助力民营企业，新增一段：镁合金 xyz。", "民营企业"), (1, "天津市科协助力民营企业，新增一段：镁合金 xyz。")]
    for n, (i, text, *title) in enumerate(edits):
        docs[i] = Doc(url=docs[i].url, title=title[0] if title else f"标题{i}", text=text, rank=docs[i].rank)
        kept.add(docs[i])
        manifest = kept.write(tmp_path / "kept")
        fresh = index()
        for d in docs:
            fresh.add(d)
        assert fresh.write(tmp_path / f"fresh{n}") == manifest
        files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
        assert files(tmp_path / "kept") == files(tmp_path / f"fresh{n}")
        assert heavy == any((tmp_path / "kept/h").glob("*.bin"))


def index_as_read(search: Path) -> tuple[dict, list[str], dict]:
    """What a reader's client gets from an index: token → {url: (score, mask)}, the pages in
    the order ties are broken (ids, or r.bin when "ranked"), and url → document."""
    import numpy as np

    manifest = json.loads((search / "manifest.json").read_text(encoding="utf-8"))
    records = {int(p.stem): json.loads(p.read_text(encoding="utf-8")) for p in (search / "d").glob("*.json")}
    url = {i: r["u"] for i, r in records.items()}
    assert all(i < manifest["docs"] for i in records)
    ranks = np.frombuffer((search / "r.bin").read_bytes(), "<u4") if manifest.get("ranked") else np.arange(manifest["docs"])
    assert manifest.get("ranked") or not (search / "r.bin").exists()
    order = [url[i] for i in sorted(records, key=lambda i: ranks[i])]
    tokens = {}
    for shard in (search / "s").glob("*.bin"):
        blob = shard.read_bytes()
        n, at, keys = int.from_bytes(blob[:4], "little"), 4, []
        for _ in range(n):
            size = blob[at]
            keys.append(blob[at + 1: at + 1 + size].decode())
            at += 5 + size
        for token in keys:
            tokens[token] = {url[d]: v for d, v in shard_postings(search, token).items()}
    return tokens, order, {r["u"]: r for r in records.values()}


def test_preview_keeps_ids_when_pages_come_and_go_and_reads_as_a_fresh_write(tmp_path):
    """serve --dirty: a new page takes the next id, a removed one leaves a hole, a re-ranked one
    keeps its id; only touched files are written, and the client reads what a fresh index gives."""
    from kexie.search.index import Doc, SearchIndex

    texts = ["李卫荣研究医用镁合金材料。", "天津市科协助力民营企业 AI 2023。", "中交科协女科技工作者之家成立。", "创新达人王家泽。"]
    docs = {f"p{i}/": Doc(url=f"p{i}/", title=f"标题{i}", text=t * 3, rank=(i * 2,)) for i, t in enumerate(texts)}
    kept = SearchIndex(keep=True)
    for d in docs.values():
        kept.add(d)
    first = kept.write(tmp_path / "kept")
    assert "ranked" not in first and first["docs"] == 4
    kept._rewrite = lambda *a: pytest.fail("a save rewrote the whole index")  # every later write updates it
    steps = [("add", Doc(url="new/", title="新文章", text="新的镁合金正文，民营企业。", rank=(1,))),
             ("remove", "p2/"),
             ("add", Doc(url="p1/", title="标题1", text=texts[1] * 3, rank=(9,))),  # moved to the end
             ("add", Doc(url="p2/", title="回来了", text="中交科协又成立。", rank=(4,))),
             ("remove", "new/")]
    for n, (what, arg) in enumerate(steps):
        if what == "add":
            docs[arg.url] = arg
            kept.add(arg)
        else:
            del docs[arg]
            kept.keep_only(set(docs))
        written = {p: p.stat().st_mtime_ns for p in (tmp_path / "kept/d").glob("*.json")}
        manifest = kept.write(tmp_path / "kept")
        rewritten = {json.loads(p.read_text(encoding="utf-8"))["u"] for p, t in written.items() if p.exists() and p.stat().st_mtime_ns != t}
        assert rewritten <= {arg if isinstance(arg, str) else arg.url}, "only the page saved is written again"
        fresh = SearchIndex()
        for d in docs.values():
            fresh.add(d)
        fresh.write(tmp_path / f"fresh{n}")
        assert index_as_read(tmp_path / "kept") == index_as_read(tmp_path / f"fresh{n}"), (n, what)
    assert manifest["docs"] == 6 and manifest["ranked"]  # ids 0..5: p2/ and new/ were given new ids, their old ones left empty
    assert len(list((tmp_path / "kept/d").glob("*.json"))) == 4


# ---------------------------------------------------------------- masks and places: few pages to fetch


def heavy_postings(search: Path, manifest: dict, name: str, count: int, pair: bool) -> dict[int, tuple[int, int | None, None]]:
    """A heavy token's postings, block after block from h/<k>-<j>-<b>.bin, checked against block 0's bitmap."""
    width, out, block, bitmap = 4 if manifest["wide"] else 2, {}, 0, b""
    while len(out) < count:
        n = min(manifest["block"] << block, count - len(out))
        blob = (search / f"h/{name}-{block}.bin").read_bytes()
        at = len(blob) - n * (width + 1)
        if block == 0:
            bitmap = blob[:at]
        else:
            assert at == 0
        ids = [int.from_bytes(blob[at + j * width: at + (j + 1) * width], "little") for j in range(n)]
        scores = blob[at + n * width:]
        assert len(scores) == n and list(scores) == sorted(scores, reverse=True), "rank order: the best first"
        out.update({d: scores[j] for j, d in enumerate(ids)})
        block += 1
    assert not (search / f"h/{name}-{block}.bin").exists()
    members = sorted(i for i in range(8 * len(bitmap)) if bitmap[i >> 3] >> (i & 7) & 1)
    assert members == sorted(out), "the bitmap has exactly the token's pages"
    masks = (search / f"h/{name}-m.bin").read_bytes() if pair else None
    assert masks is None or len(masks) == count, "a pair's masks: one a page, in the bitmap's order"
    return {d: (out[d], masks[i] if pair else None, None) for i, d in enumerate(members)}


def shard_postings(search: Path, token: str) -> dict[int, tuple[int, int | None, list | None]]:
    """document id → (score, position mask or None, places or None), read from the shard and
    places files as the browser reads them; places are (position, unit before, unit after)."""
    from kexie.search.index import is_pair

    manifest = json.loads((search / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 4
    k = bucket(token, manifest["shards"])
    blob = (search / f"s/{k}.bin").read_bytes()
    n, at, entries, total, pairs, heavy = int.from_bytes(blob[:4], "little"), 4, {}, 0, 0, []
    for _ in range(n):
        size = blob[at]
        key, count = blob[at + 1: at + 1 + size].decode(), int.from_bytes(blob[at + 1 + size: at + 5 + size], "little")
        at += 5 + size
        if count >> 31:  # a heavy token: its postings are in h/
            heavy.append(key)
            entries[key] = (None, count & 0x7FFFFFFF, None)
            continue
        entries[key] = (total, count, pairs if is_pair(key) else None)
        total, pairs = total + count, pairs + (count if is_pair(key) else 0)
    width = 4 if manifest["wide"] else 2
    scores_at = at + total * width
    table_at = scores_at + total + pairs
    pair_keys = [key for key in entries if is_pair(key)]
    placed = [int.from_bytes(blob[table_at + 2 * i: table_at + 2 * i + 2], "little") for i in range(len(pair_keys))]
    assert len(blob) == table_at + 2 * len(pair_keys), "ids, scores, a mask byte per pair posting, a u16 per pair token"
    if token not in entries:
        return {}
    start, count, mask_start = entries[token]
    if start is None:
        return heavy_postings(search, manifest, f"{k}-{heavy.index(token)}", count, is_pair(token))
    ids = [int.from_bytes(blob[at + (start + j) * width: at + (start + j + 1) * width], "little") for j in range(count)]
    places: list = [None] * count
    if mask_start is not None and placed[pair_keys.index(token)]:
        m, before = sum(placed), pair_keys.index(token)
        first = sum(placed[:before])
        given_at = sum(entries[t][1] for t, p in zip(pair_keys[:before], placed) if p)
        words = (search / f"p/{k}.bin").read_bytes()
        assert len(words) == 6 * m + sum(entries[t][1] for t, p in zip(pair_keys, placed) if p)
        unit = lambda i: int.from_bytes(words[2 * i: 2 * i + 2], "little")  # noqa: E731
        for j in range(count):
            given = words[6 * m + given_at + j]
            places[j] = [(unit(q), unit(m + q), unit(2 * m + q)) for q in range(first, first + given)] if given else None
            first += given
    return {d: (blob[scores_at + start + j], None if mask_start is None else blob[scores_at + total + mask_start + j], places[j])
            for j, d in enumerate(ids)}


def places_say(phrase: str, got: list[tuple]) -> tuple[bool, bool]:
    """What the places of a page's pairs say of a phrase, as the browser reads them:
    (can it be there, is it surely there)."""
    starts, vouched = None, set()
    for i, (_, _, places) in enumerate(got):
        if places is None:
            continue
        here = {p - i for p, before, after in places if p >= i and (i == 0 or before == ord(phrase[i - 1]))
                and (i + 2 >= len(phrase) or after == ord(phrase[i + 2]))}
        starts = here if starts is None else starts & here
        vouched |= set(range(max(0, i - 1), min(len(phrase), i + 3)))
    if starts is None:
        return True, False
    return bool(starts), bool(starts) and len(vouched) == len(phrase)


def test_masks_and_places_never_lose_a_page_that_holds_the_phrase(tmp_path):
    """Random texts over a few characters (pairs repeat, most runs are absent), thousands of phrases:
    every page that holds a phrase passes the mask and places tests; many that hold every pair apart
    do not; places never vouch for a phrase a page does not hold."""
    from kexie.search.index import Doc, SearchIndex, may_hold_run

    rng = random.Random(11)
    alphabet = "科技服务有限创新"
    def han(n):
        return "".join(rng.choice(alphabet) for _ in range(n))
    def text():  # Han runs between punctuation, Latin words and a character outside the BMP (two UTF-16 units)
        parts = [han(rng.randint(1, 30)) for _ in range(rng.randint(0, 12))]
        return "".join(p + rng.choice(["，", "。", " AI ", "𠀀", "\n", "5G"]) for p in parts)
    docs = [Doc(url=f"p{i}/", title=han(rng.randint(0, 6)) if i % 3 == 0 else "标题", text=text(),
                meta=han(rng.randint(0, 5)) if i % 4 == 0 else "", rank=(i,)) for i in range(120)]
    index = SearchIndex()
    for d in docs:
        index.add(d)
    index.write(tmp_path / "search")
    order = [d.url for d in index.ordered()]
    haystacks = [fold(index.docs[u].title + "\n" + index.docs[u].meta + "\n" + index.docs[u].text) for u in order]
    postings: dict[str, dict] = {}
    phrases = {han(rng.randint(2, 9)) for _ in range(2500)}
    phrases |= {h[i: i + n] for h in haystacks for _ in range(15) for n in [rng.randint(2, 9)]
                for i in [rng.randrange(max(1, len(h) - n))] if HAN.fullmatch(h[i: i + n] or "-")}
    checked = dropped = ruled_out = sure = 0
    for phrase in sorted(phrases):
        pairs = term_tokens(phrase)
        lists = [postings.setdefault(t, shard_postings(tmp_path / "search", t)) for t in pairs]
        for doc in range(len(order)):
            if not all(doc in got for got in lists):
                assert phrase not in haystacks[doc]
                continue
            passes = may_hold_run([got[doc][1] for got in lists])
            can, surely = places_say(phrase, [got[doc] for got in lists])
            if phrase in haystacks[doc]:
                assert passes, f"{phrase} is in {order[doc]} but its masks drop it"
                assert can, f"{phrase} is in {order[doc]} but its places drop it"
                checked += 1
                sure += surely
            else:
                assert not surely, f"{phrase} is not in {order[doc]} but its places say it is"
                dropped += not passes
                ruled_out += passes and not can
    assert len(phrases) > 2500 and checked > 5000, (len(phrases), checked)
    assert dropped > 1000  # the masks do remove pages whose pairs are all there, apart
    assert ruled_out > 1000 and sure > checked // 2  # places remove many the masks leave, and vouch for most holders


def test_shard_buckets_of_whole_arrays_are_the_browsers():
    """The writer hashes hundreds of thousands of Han tokens at once; they must land where bucket() (and the browser) looks."""
    import numpy as np

    from kexie.search.layout import buckets

    rng = np.random.default_rng(5)
    singles = rng.integers(0x3400, 0xFFFF, 3000).astype(np.uint32)
    pairs = (rng.integers(0x4E00, 0x9FFF, 3000).astype(np.uint32) << 16) | rng.integers(0x3400, 0xFFFF, 3000).astype(np.uint32)
    codes = np.r_[singles, pairs].astype(np.uint32)
    for shards in (16, 4096, 65536):
        want = [bucket(chr(c) if c < 0x10000 else chr(c >> 16) + chr(c & 0xFFFF), shards) for c in codes.tolist()]
        assert buckets(codes, shards).tolist() == want


def client_page(site: Path) -> None:
    """The real client beside an index written to site/search: a blank page that loads search.js."""
    (site / "search.js").write_bytes((REPO / "theme_overrides/assets/kexie/search.js").read_bytes())
    (site / "index.html").write_text('<!doctype html><meta charset="utf-8"><title>t</title><script src="search.js"></script>', encoding="utf-8")


def apart_run_index(**settings):
    """务科技有 on the benchmark corpus: 300 pages with each of its pairs, never together, and 4 that hold it
    (text, title only, names, repeated); ``settings``: SearchIndex attributes (heavy_min, block)."""
    from kexie.search.index import Doc, SearchIndex

    rng = random.Random(3)
    pieces = ["有限公司", "创新发展", "人才培养", "服务企业", "技术攻关", "科学普及", "学术交流", "能源", "新材料研究"]
    docs = []
    for i in range(300):  # every pair of the phrase, never together
        parts = rng.sample(pieces, 5) + [rng.choice(["服务科学院", "服务科目"]), rng.choice(["科技", "发展科技"]), rng.choice(["技有所长", "一技有成"])] * 2
        rng.shuffle(parts)
        docs.append(Doc(url=f"decoy{i}/", title=f"动态{i}", text="，".join(parts) + "。", rank=(1, i)))
    holders = [Doc(url="a/", title="公司简介", text="柳州华腾能源服务科技有限公司成立于二〇一〇年。", rank=(1, 500)),
               Doc(url="b/", title="务科技有限", text="正文没有这个词组。", rank=(1, 501)),  # in the title only
               Doc(url="c/", title="人物", text="发展科技，服务科学院，一技有成。", meta="南宁服务科技有限公司", rank=(1, 502)),
               Doc(url="d/", title="报道", text="技有所长。" * 7 + "新华服务科技有限公司，科技服务。", rank=(1, 503))]
    index = SearchIndex()
    for name, value in settings.items():
        setattr(index, name, value)
    for d in docs + holders:
        index.add(d)
    return index


def logged_query(browser, site: Path, query: str, also: str | None = None) -> tuple[list[str], list[str], object]:
    """The query through the client on ``site``: its hits, the paths it requested, and ``also`` evaluated after."""
    with serve(site) as base:
        page = browser.new_page()
        try:
            urls = []
            page.on("request", lambda r: urls.append(urlsplit(r.url).path))
            page.goto(base)
            page.wait_for_function("window.kexieSearch !== undefined")
            urls.clear()
            found = run_queries(page, [query])[query]
            extra = page.evaluate(also) if also else None
        finally:
            page.close()
    return found, urls, extra


def test_a_phrase_whose_pairs_are_common_but_apart_fetches_few_pages(browser, tmp_path):
    """务科技有 on the benchmark corpus: 务科, 科技 and 技有 are each on hundreds of pages, together
    on 350, the phrase on 3. The masks drop most pages whose pairs are apart; the places of 务科 and
    技有 (each with the unit after and before it) settle the rest before any text is fetched."""
    from kexie.search.index import may_hold_run

    index = apart_run_index()
    site = tmp_path / "site"
    index.write(site / "search")
    client_page(site)
    # what the masks leave, by the Python side's own reading of the files
    lists = [shard_postings(site / "search", t) for t in term_tokens("务科技有")]
    order = [d.url for d in index.ordered()]
    both = [d for d in range(len(order)) if all(d in got for got in lists)]
    left = [d for d in both if may_hold_run([got[d][1] for got in lists])]
    assert len(both) == 304 and 8 < len(left) < 60

    found, urls, exact = logged_query(browser, site, "务科技有", "kexieSearch.candidates('务科技有').then(s => [s.ids.length, s.unsure.size])")
    assert sorted(found) == ["a/", "b/", "c/", "d/"]
    assert exact == [4, 0], "places settle every page: an exact count before any text is fetched"
    fetched = [u for u in urls if u.startswith("/search/d/")]
    holder_ids = sorted(order.index(u) for u in ["a/", "b/", "c/", "d/"])
    assert sorted(fetched) == [f"/search/d/{d}.json" for d in holder_ids], "the client fetches only the pages that hold it"
    assert [u for u in urls if u.startswith("/search/p/")], "the places of the run's pairs"


def test_the_client_ranks_a_previews_kept_ids_as_a_fresh_index_and_skips_removed_ones(browser, tmp_path):
    """The preview's ids after a new page (ranked first), a removed one and a re-ranked one:
    the client finds the same pages in the same order as on a fresh index (ties by r.bin)."""
    from kexie.search.index import Doc, SearchIndex

    docs = {f"p{i}/": Doc(url=f"p{i}/", title=f"动态{i}", text=f"镁合金材料第{i}篇，民营企业。", rank=(1, i)) for i in range(30)}
    kept = SearchIndex(keep=True)
    for d in docs.values():
        kept.add(d)
    kept.write(tmp_path / "kept/search")
    for d in (Doc(url="new/", title="新文章", text="镁合金的新报道，民营企业。", rank=(0,)),
              Doc(url="p3/", title="动态3", text="镁合金材料第3篇，民营企业。", rank=(2,))):
        docs[d.url] = d
        kept.add(d)
    del docs["p7/"]
    kept.keep_only(set(docs))
    assert kept.write(tmp_path / "kept/search")["ranked"]
    fresh = SearchIndex()
    for d in docs.values():
        fresh.add(d)
    fresh.write(tmp_path / "fresh/search")
    found = {}
    for name in ("kept", "fresh"):
        site = tmp_path / name
        client_page(site)
        with serve(site) as base:
            page = browser.new_page()
            try:
                page.goto(base)
                page.wait_for_function("window.kexieSearch !== undefined")
                found[name] = run_queries(page, ["镁合金", "民营企业", "动态7", "新报道"])
            finally:
                page.close()
    assert found["kept"] == found["fresh"]
    assert found["kept"]["镁合金"][0] == "new/" and found["kept"]["镁合金"][-1] == "p3/" and "p7/" not in found["kept"]["镁合金"]
    assert found["kept"]["动态7"] == []


def test_heavy_tokens_find_every_page_the_full_postings_do(browser, seed_site, tmp_path):
    """The seed's pages indexed twice: with every token's postings in its shard, and with every token
    on more than 4 pages heavy (bitmap and blocks of 2 postings). Through the real client both find
    exactly the pages that hold each query (read from the pages' own texts), a single token in the
    same order, and the count is exact once every hit is listed."""
    from kexie.search.index import Doc, SearchIndex

    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((seed_site / "search/d").glob("*.json"), key=lambda p: int(p.stem))]
    pages = [Doc(url=r["u"], title=r["t"], text=r["x"], locator=r["l"], meta=r["m"], rank=(i,)) for i, r in enumerate(records)]
    hay = {d.url: fold(d.title + "\n" + d.meta + "\n" + d.text) for d in pages}
    rng = random.Random(5)
    queries = sampled_queries({d.url: fold(d.title + d.text) for d in pages}, per_article=2, seed=5)
    queries += ["科", "的", "企业", "科协", "创新", "科技 创新", "企业 科", "镁合金 企业", "科协的", "的企业", "中国科协", "不在这里的词"]
    queries += [f"{a} {b}" for a, b in zip(rng.sample(queries, 20), rng.sample(queries, 20))]
    found = {}
    for name, least in (("light", 10**9), ("heavy", 4)):
        index = SearchIndex()
        index.heavy_min, index.block = least, 2
        for d in pages:
            index.add(d)
        site = tmp_path / name
        index.write(site / "search")
        assert (name == "heavy") == any((site / "search/h").glob("*.bin"))
        client_page(site)
        with serve(site) as base:
            page = browser.new_page()
            try:
                page.goto(base)
                page.wait_for_function("window.kexieSearch !== undefined")
                found[name] = page.evaluate("""async (qs) => {
                    const out = {};
                    for (const q of qs) {
                      const s = await kexieSearch.candidates(q);
                      const hits = (await kexieSearch.more(s, 1000)).map(d => d.u);
                      out[q] = [hits, kexieSearch.count(s)];
                    }
                    return out;
                }""", queries)
            finally:
                page.close()
    wrong = []
    for q in queries:
        want = {u for u, text in hay.items() if all(t in text for t in terms(q))}
        for name in ("light", "heavy"):
            hits, count = found[name][q]
            if set(hits) != want or len(hits) != len(want):
                wrong.append(f"{name} {q}: missing {sorted(want - set(hits))}, extra {sorted(set(hits) - want)}")
            if count != {"n": len(want), "exact": True}:
                wrong.append(f"{name} {q}: count {count} for {len(want)}")
        if len(term_tokens(q)) == 1 and " " not in q and found["light"][q][0] != found["heavy"][q][0]:
            wrong.append(f"{q}: order {found['light'][q][0][:5]} ≠ {found['heavy'][q][0][:5]}")
    assert len(queries) > 100 and not wrong, "\n".join(wrong)


def test_a_run_of_heavy_pairs_reads_their_masks_not_every_page(browser, tmp_path):
    """务科技有 again, with 务科, 科技 and 技有 each heavy (on more than the threshold's pages): no
    postings and no places, only bitmaps. Their mask files (one byte a page) rule out the pages whose
    pairs are apart, so the client reads the text of only the pages the masks leave, not of all 304."""
    from kexie.search.index import may_hold_run

    index = apart_run_index(heavy_min=50, block=16)
    site = tmp_path / "site"
    index.write(site / "search")
    client_page(site)
    lists = [shard_postings(site / "search", t) for t in term_tokens("务科技有")]
    order = [d.url for d in index.ordered()]
    left = [d for d in range(len(order)) if all(d in got for got in lists) and may_hold_run([got[d][1] for got in lists])]
    assert len(list((site / "search/h").glob("*-m.bin"))) >= 3 and 8 < len(left) < 60

    found, urls, _ = logged_query(browser, site, "务科技有")
    assert sorted(found) == ["a/", "b/", "c/", "d/"]
    assert len([u for u in urls if u.endswith("-m.bin")]) == 3, "the three pairs' masks"
    fetched = {u for u in urls if u.startswith("/search/d/")}
    assert fetched == {f"/search/d/{d}.json" for d in left}, "the text of exactly the pages the masks leave"
