"""长辈版, text size, read-aloud, keyboard use and axe in every mode (kexie/reading),
in real Chromium on the seed site.  One page per kind keeps it fast; normal-mode
axe on every kind and screen is tests/test_reader_pages.py."""

from __future__ import annotations

import pytest

from browserkit import DESKTOP, PHONE, PageView, Screen, chromium_browser, run_axe, serve

NARROW = Screen("320px", 320, 640, True)  # also what a 640 px window at 200 % zoom lays out
ARTICLE = "issues/2023-02/li-weirong/"
TABLE_ARTICLE = "issues/2023-02/jiebang-guashuai/"
KINDS = ["", "issues/2023-02/", ARTICLE, "people/li-weirong/", "orgs/tianjin-kexie/", "sections/chuangxin-daren/",
         "news/", "search/?q=镁合金", "no-such-page/"]
MODES = {"normal": {}, "特大": {"kx-size": "3"}, "长辈版": {"kx-care": "1", "kx-size": "3"}}
BODY_PX = "parseFloat(getComputedStyle(document.querySelector('.md-content__inner p:not([class])')).fontSize)"


@pytest.fixture(scope="module")
def browsing(seed_site):
    with serve(seed_site) as base, chromium_browser() as browser:
        yield base, browser


def view_in(browsing, screen: Screen, mode: str = "normal", init: str = "") -> PageView:
    base, browser = browsing
    view = PageView(browser, base, screen)
    stored = "".join(f"localStorage.setItem({k!r},{v!r});" for k, v in MODES[mode].items())
    view.context.add_init_script(f"if (!sessionStorage.getItem('kx-test')) {{ sessionStorage.setItem('kx-test','1'); {stored} }}" + init)
    return view


def overflow(page) -> list[str]:
    """Elements that reach past the right edge (outside their own scrolling box), and the page's scroll width."""
    return page.evaluate("""() => {
        const w = document.documentElement.clientWidth, out = [];
        if (document.documentElement.scrollWidth > w) out.push('scrollWidth ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('.md-main *, .md-header *')) {
            const r = el.getBoundingClientRect();
            if (!r.width || r.right <= w + 1 || el.closest('.md-typeset__scrollwrap, .md-search, .md-sidebar, [hidden]')) continue;
            if (getComputedStyle(el).visibility === 'hidden') continue;
            out.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right));
        }
        return out.slice(0, 5);
    }""")


def test_text_size_steps_reach_22px_on_a_phone_and_persist(browsing):
    view = view_in(browsing, PHONE)
    view.goto(ARTICLE)
    page = view.page
    toggle = page.locator("[data-kx-reading-toggle]")
    assert toggle.is_visible() and toggle.inner_text() == "字号"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    sizes = []
    for label in ["标准", "大", "较大", "特大"]:
        page.get_by_label(label, exact=True).check()
        sizes.append(page.evaluate(BODY_PX))
    assert sizes == sorted(set(sizes)) and sizes[-1] >= 22, sizes
    page.keyboard.press("Escape")
    assert page.locator("[data-kx-reading-panel]").is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-kx-reading-toggle')")
    # another page, then a later visit: the size is kept, applied before the script runs
    view.goto("issues/2023-02/")
    assert page.evaluate("document.documentElement.dataset.kxSize") == "3"
    view.goto(TABLE_ARTICLE, wait_until="commit", settle_ms=0)
    page.wait_for_selector(".md-content__inner p")
    assert page.evaluate(BODY_PX) == sizes[-1]
    # 长辈版 on: stronger contrast and one column; off again: the size chosen stays
    page.locator("[data-kx-reading-toggle]").click()
    page.get_by_role("checkbox", name="长辈版").check()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content__inner p:not([class])')).color") == "rgb(0, 0, 0)"
    view.goto("")
    assert page.evaluate("getComputedStyle(document.querySelector('.kx-home__top')).gridTemplateColumns.split(' ').length") == 1
    view.close()


@pytest.mark.parametrize("mode", list(MODES))
def test_no_horizontal_scrolling_at_320px(browsing, mode):
    view = view_in(browsing, NARROW, mode)
    for url in ["", "issues/2023-02/", TABLE_ARTICLE, "search/?q=镁合金"]:
        view.goto(url, settle_ms=100)
        assert not overflow(view.page), (mode, url, overflow(view.page))
    view.page.locator("[data-kx-reading-toggle]").click()  # the open panel and the search box fit too
    assert not overflow(view.page)
    view.page.locator(".md-header__button[for='__search']").click()
    view.page.locator(".md-search [data-kx-search-input]").fill("镁合金")
    assert view.page.evaluate("document.documentElement.scrollWidth") <= NARROW.width
    view.close()


def test_phone_home_page_has_side_margins_like_inner_pages(browsing):
    view = view_in(browsing, PHONE)
    view.goto("")
    home = view.page.evaluate("(() => { const r = document.querySelector('.kx-home').getBoundingClientRect(); return [r.left, innerWidth - r.right]; })()")
    view.goto("issues/2023-02/")
    inner = view.page.evaluate("(() => { const r = document.querySelector('.md-content__inner').getBoundingClientRect(); return [r.left, innerWidth - r.right]; })()")
    assert home == pytest.approx(inner, abs=1) and min(home) >= 12, (home, inner)
    view.close()


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda s: s.name)
def test_axe_finds_nothing_in_large_text_and_elder_modes(browsing, screen):
    problems = []
    for mode in ("特大", "长辈版"):
        view = view_in(browsing, screen, mode)
        for url in KINDS:
            view.goto(url, settle_ms=50)
            problems += [f"{mode} /{url}: {line}" for line in run_axe(view.page)]
        view.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda s: s.name)
def test_skip_link_first_and_focus_never_under_the_sticky_header(browsing, screen):
    view = view_in(browsing, screen, "特大")
    page = view.page
    view.goto("issues/2023-02/")
    page.keyboard.press("Tab")
    skip = page.evaluate("(() => { const a = document.activeElement, r = a.getBoundingClientRect(); return [a.textContent, r.top >= 0 && r.bottom <= innerHeight]; })()")
    assert skip == ["跳到正文", True]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kx-main"
    hidden = []
    for _ in range(30):  # down the CONTENTS, the page scrolling under the sticky header
        page.keyboard.press("Tab")
        hidden += page.evaluate("""(() => {
            const a = document.activeElement, r = a.getBoundingClientRect();
            if (a.closest('.md-header')) return [];
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const x = Math.min(Math.max(r.left + 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
            const seen = document.elementFromPoint(x, y);
            return (r.top < header.bottom - 1 || !seen || !(a === seen || a.contains(seen) || seen.contains(a))) ? [a.outerHTML.slice(0, 80)] : [];
        })()""")
    assert page.evaluate("scrollY") > 0, "the keyboard walk never scrolled: the test would prove nothing"
    assert not hidden, hidden
    if screen is PHONE:  # material's menu button is a <label>: reachable and working by keyboard
        menu = page.locator(".md-header__button[for='__drawer']")
        assert menu.get_attribute("role") == "button" and menu.get_attribute("tabindex") == "0"
        menu.focus()
        page.keyboard.press(" ")
        assert page.evaluate("document.getElementById('__drawer').checked")
    view.close()


def _play(page) -> None:
    page.get_by_role("button", name="朗读全文").click()


def test_read_aloud_says_in_chinese_when_there_is_no_chinese_voice(browsing):
    view = view_in(browsing, PHONE)
    view.goto(ARTICLE)
    voices = view.page.evaluate("speechSynthesis.getVoices().map(v => v.lang)")
    assert not view.page.locator(".kx-aloud-now").count(), "read-aloud is off until the reader turns it on"
    _play(view.page)
    status = view.page.locator("[data-kx-aloud-status]")
    if not any(v.lower().replace("_", "-").startswith(("zh", "cmn")) for v in voices):
        status.filter(has_text="没有中文").wait_for(timeout=4000)
    view.close()
    # a browser without the speech API at all
    view = view_in(browsing, PHONE, init="delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    view.goto(ARTICLE)
    _play(view.page)
    assert "不支持朗读" in view.page.locator("[data-kx-aloud-status]").inner_text()
    view.close()


# Headless Chromium here has no voices at all, so the reading path runs on a stand-in
# speechSynthesis that "speaks" each utterance in 30 ms and lists one zh-CN voice.
FAKE_SPEECH = """
(() => {
  const voice = {lang: 'zh-CN', name: '测试普通话', default: true, localService: true, voiceURI: 'zh'};
  const spoken = window.__spoken = [];
  let timer = null, queue = [], paused = false;
  function run() {
    if (paused || timer || !queue.length) return;
    const u = queue[0];
    u.onstart && u.onstart({});
    const now = document.querySelector('.kx-aloud-now');
    spoken.push([u.text, u.lang, now && now.tagName]);
    timer = setTimeout(() => { timer = null; queue.shift(); u.onend && u.onend({}); run(); }, 30);
  }
  const synth = {
    get paused() { return paused; }, get speaking() { return !!queue.length; },
    getVoices: () => [voice], speak(u) { queue.push(u); run(); },
    pause() { paused = true; clearTimeout(timer); timer = null; }, resume() { paused = false; run(); },
    cancel() { clearTimeout(timer); timer = null; queue = []; },
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def test_read_aloud_highlights_the_paragraph_being_read(browsing):
    view = view_in(browsing, PHONE, init=FAKE_SPEECH)
    page = view.page
    view.goto(ARTICLE)
    _play(page)
    page.wait_for_function("window.__spoken.length >= 1")
    assert page.evaluate("window.__spoken[0]") == [page.locator("article h1").inner_text().strip(), "zh-CN", "H1"]
    page.wait_for_function("document.querySelector('.kx-aloud-now') && document.querySelector('.kx-aloud-now').tagName === 'P' && scrollY > 0")
    highlighted = page.evaluate("(() => { const r = document.querySelector('.kx-aloud-now').getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })()")
    assert highlighted, "the paragraph being read is scrolled into view"
    pause = page.locator('[data-kx-aloud="pause"]')
    page.emulate_media(reduced_motion="reduce")
    pause.evaluate("b => b.click()")  # the page keeps scrolling to the paragraph being read
    assert pause.get_attribute("aria-pressed") == "true" and pause.inner_text() == "继续"
    count = page.evaluate("window.__spoken.length")
    page.wait_for_timeout(150)
    assert page.evaluate("window.__spoken.length") == count, "paused: nothing more is read"
    pause.evaluate("b => b.click()")
    page.wait_for_function(f"window.__spoken.length > {count}")
    page.get_by_role("button", name="停止").evaluate("b => b.click()")
    assert page.locator(".kx-aloud-now").count() == 0
    assert page.locator("[data-kx-aloud-status]").inner_text() == "已停止朗读。"
    assert page.get_by_role("button", name="朗读全文").is_visible()
    footer = page.locator(".kx-article__footer").inner_text()
    assert not any(footer.strip() and text in footer for text, _, _ in page.evaluate("window.__spoken")), "the footer is not read"
    view.close()
