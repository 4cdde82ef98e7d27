/* 长辈版, text size, read-aloud and keyboard reach (kexie/reading): ours, no other host.
   The choice lives in localStorage (kx-size 0–3, kx-care 1); <head> applies it before
   the page is drawn (kexie/partials/reading.html), this file wires the controls. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  /* material's drawer and search toggles: closed on arrival and on back/forward
     (its autocomplete="off" on them is not valid HTML, kexie/reading/markup.py) */
  function closeToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box && box.checked && location.hash !== "#" + id) box.checked = false;
    });
  }
  window.addEventListener("pageshow", closeToggles);

  /* material's header buttons are <label>s: reachable by keyboard as buttons */
  var NAMES = { __drawer: "打开导航菜单", __search: "搜索" };
  function keyboardLabels() {
    document.querySelectorAll(".md-header__button[for]").forEach(function (label) {
      var name = NAMES[label.htmlFor];
      if (!name) return;
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      label.setAttribute("aria-label", name);
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); label.click(); }
      });
    });
  }

  /* focus never hidden under the sticky header: scroll-padding follows its height */
  function trackHeader() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var set = function () { root.style.setProperty("--kx-header-h", header.offsetHeight + "px"); };
    set();
    if (window.ResizeObserver) new ResizeObserver(set).observe(header);
  }

  /* text size and 长辈版 */
  function applySize(size, care) {
    if (size && size !== "0") root.setAttribute("data-kx-size", size); else root.removeAttribute("data-kx-size");
    if (care) root.setAttribute("data-kx-care", ""); else root.removeAttribute("data-kx-care");
  }
  function readingPanel() {
    var toggle = document.querySelector("[data-kx-reading-toggle]");
    var panel = document.querySelector("[data-kx-reading-panel]");
    if (!toggle || !panel) return;
    var care = panel.querySelector("[data-kx-care]");
    var size = stored("kx-size") || "0";
    panel.querySelectorAll('input[name="kx-size"]').forEach(function (radio) {
      radio.checked = radio.value === size;
      radio.addEventListener("change", function () {
        store("kx-size", radio.value === "0" ? null : radio.value);
        applySize(radio.value, care.checked);
      });
    });
    care.checked = stored("kx-care") === "1";
    care.addEventListener("change", function () {
      store("kx-care", care.checked ? "1" : null);
      var chosen = panel.querySelector('input[name="kx-size"]:checked');
      if (care.checked && chosen && chosen.value === "0") {  // 长辈版 brings 特大 along; a size chosen later still wins
        panel.querySelector('input[name="kx-size"][value="3"]').checked = true;
        store("kx-size", "3");
      }
      applySize(panel.querySelector('input[name="kx-size"]:checked').value, care.checked);
    });
    function show(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      show(panel.hidden);
      if (!panel.hidden) (panel.querySelector("input:checked") || care).focus();
    });
    panel.querySelector("[data-kx-reading-close]").addEventListener("click", function () { show(false); toggle.focus(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { show(false); toggle.focus(); }
    });
  }

  /* read-aloud: the article's title and text, paragraph by paragraph, in the browser's own Mandarin voice */
  var BLOCKS = "h1, h2, h3, h4, p, li, figcaption, td, th";
  var MESSAGES = {
    none: "此浏览器不支持朗读。请换用手机或电脑自带的浏览器（如 Edge、Safari、Chrome）。",
    noVoice: "此浏览器没有中文（普通话）语音，无法朗读。可在手机或电脑的“语音”设置中添加中文语音后再试。",
    reading: "正在朗读…", paused: "已暂停。", done: "朗读完毕。", stopped: "已停止朗读。"
  };

  function mandarinVoice(voices) {
    var norm = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    var order = ["zh-cn", "cmn-hans-cn", "cmn-cn", "zh-hans", "zh-sg", "zh-tw", "cmn-hant-tw", "zh"];
    for (var i = 0; i < order.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        if (norm(voices[j]) === order[i] || (order[i] === "zh" && /^(zh|cmn)(-|$)/.test(norm(voices[j])) && !/hk|yue/.test(norm(voices[j])))) return voices[j];
      }
    }
    return null;
  }

  function voicesReady(synth) {
    return new Promise(function (resolve) {
      var now = synth.getVoices();
      if (now.length) return resolve(now);
      var done = false;
      var finish = function () { if (!done) { done = true; resolve(synth.getVoices()); } };
      if (synth.addEventListener) synth.addEventListener("voiceschanged", finish, { once: true });
      setTimeout(finish, 1500);  // some browsers never fire voiceschanged when they have none
    });
  }

  function articleBlocks(article) {
    var skip = ".kx-article__footer, .kx-article__locator, .kx-article__byline, .kx-aloud, .headerlink, nav, script";
    return Array.prototype.filter.call(article.querySelectorAll(BLOCKS), function (el) {
      return !el.closest(skip) && !el.querySelector(BLOCKS) && el.textContent.trim();
    });
  }

  function chunks(text) {
    // Chrome stops long utterances after ~15 s: sentences of at most ~120 characters
    var parts = text.replace(/\s+/g, " ").trim().match(/[^。！？；!?;]+[。！？；!?;”」）)]*|[。！？；!?;]+/g) || [];
    var out = [];
    parts.forEach(function (p) {
      for (var i = 0; i < p.length; i += 120) out.push(p.slice(i, i + 120));
    });
    return out;
  }

  function readAloud() {
    var article = document.querySelector("article.kx-article");
    var header = article && article.querySelector(".kx-article__header");
    if (!header) return;
    var bar = document.createElement("div");
    bar.className = "kx-aloud";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "朗读");
    bar.innerHTML = '<button type="button" data-kx-aloud="play">朗读全文</button>' +
      '<button type="button" data-kx-aloud="pause" hidden>暂停</button>' +
      '<button type="button" data-kx-aloud="stop" hidden>停止</button>' +
      '<p class="kx-aloud__status" role="status" aria-live="polite" data-kx-aloud-status></p>';
    header.after(bar);
    var play = bar.querySelector('[data-kx-aloud="play"]');
    var pause = bar.querySelector('[data-kx-aloud="pause"]');
    var stop = bar.querySelector('[data-kx-aloud="stop"]');
    var status = bar.querySelector("[data-kx-aloud-status]");
    var synth = window.speechSynthesis;
    var queue = [], at = 0, current = null, run = 0;
    var smooth = window.matchMedia && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    function say(text) { status.textContent = text; }
    function mark(el) {
      if (current === el) return;
      if (current) current.classList.remove("kx-aloud-now");
      current = el;
      if (el) {
        el.classList.add("kx-aloud-now");
        el.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
      }
    }
    function state(playing, paused) {
      root.toggleAttribute("data-kx-aloud", playing);
      play.hidden = playing;
      pause.hidden = stop.hidden = !playing;
      pause.textContent = paused ? "继续" : "暂停";
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
    }
    function finish(message) {
      run++;
      mark(null);
      state(false, false);
      say(message);
    }
    function next(voice, mine) {
      if (mine !== run) return;
      if (at >= queue.length) return finish(MESSAGES.done);
      var item = queue[at++];
      var utterance = new window.SpeechSynthesisUtterance(item.text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;   // a little slower than the default: older listeners
      utterance.onstart = function () { if (mine === run) mark(item.el); };
      utterance.onend = function () { next(voice, mine); };
      utterance.onerror = function (event) {
        if (mine === run && event.error !== "interrupted" && event.error !== "canceled") next(voice, mine);
      };
      synth.speak(utterance);
    }

    play.addEventListener("click", function () {
      if (!synth || !window.SpeechSynthesisUtterance) return say(MESSAGES.none);
      voicesReady(synth).then(function (voices) {
        var voice = mandarinVoice(voices);
        if (!voice) return say(MESSAGES.noVoice);
        synth.cancel();
        queue = [];
        articleBlocks(article).forEach(function (el) {
          chunks(el.textContent).forEach(function (text) { queue.push({ el: el, text: text }); });
        });
        at = 0;
        state(true, false);
        say(MESSAGES.reading);
        pause.focus();
        next(voice, ++run);
      });
    });
    pause.addEventListener("click", function () {
      if (synth.paused) { synth.resume(); state(true, false); say(MESSAGES.reading); }
      else { synth.pause(); state(true, true); say(MESSAGES.paused); }
    });
    stop.addEventListener("click", function () {
      synth.cancel();
      finish(MESSAGES.stopped);
      play.focus();
    });
    window.addEventListener("pagehide", function () { if (synth) synth.cancel(); });
  }

  function start() {
    closeToggles();
    keyboardLabels();
    trackHeader();
    readingPanel();
    readAloud();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
