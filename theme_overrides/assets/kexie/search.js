/* 站内搜索 — the reader's half of kexie/search (the index is written by
 * plugins/kexie/search/index.py; tokens.py describes the tokens).
 *
 * Nothing is downloaded until the reader types. A query is cut exactly as the
 * index was: Han runs become overlapping pairs (one character stays one),
 * Latin letters and digits become words. Each token's shard is fetched once,
 * the postings of a term are intersected (every pair must be there), and a
 * page stays only if the pairs' position masks (bit p mod 8 where a pair
 * starts) allow them at consecutive positions; terms are AND-ed, and only the
 * documents shown are fetched, to check that the phrase is really there and
 * to cut a snippet.
 */
(function () {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TERM = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var MAX_WORD = 32;
  var MAX_NAME = 80;
  var NAME_BONUS = 1024; // a query equal to a page's name puts that page first
  var FORMAT = 2; // the shard format this reader knows (index.py FORMAT): 2 adds pair position masks
  var HEADER_HITS = 8;
  var PAGE_HITS = 20;
  // Never begin a snippet with these (a line starting "，" reads as broken text).
  var LEADING = /^[\s，。、；：！？,.;:!?）)\]】》〉」』”’…·—-]+/;
  var INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

  // ---- tokens: mirrors plugins/kexie/search/tokens.py ----
  function fold(s) {
    return s.replace(/[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
      var n = c.charCodeAt(0);
      if (n < 0x80) return String.fromCharCode(n + 0x20);
      if (n <= 0xff19) return String.fromCharCode(n - 0xfee0);
      if (n <= 0xff3a) return String.fromCharCode(n - 0xfee0 + 0x20);
      return String.fromCharCode(n - 0xfee0);
    });
  }
  function terms(text) {
    var seen = {}, out = [];
    (fold(text).match(TERM) || []).forEach(function (t) {
      if (!seen[t]) { seen[t] = true; out.push(t); }
    });
    return out;
  }
  function termTokens(term) {
    if (term.length >= 2 && HAN_RUN.test(term)) {
      var pairs = [];
      for (var i = 0; i + 1 < term.length; i++) pairs.push(term.substr(i, 2));
      return pairs;
    }
    return [term.slice(0, MAX_WORD)];
  }
  function nameKey(text) {
    return "=" + terms(text).join(" ").slice(0, MAX_NAME);
  }
  function bucket(token, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    return h % shards;
  }

  // ---- the index, fetched piece by piece ----
  var base = (function () {
    var cfg = document.getElementById("__config");
    var rel = cfg ? JSON.parse(cfg.textContent).base : ".";
    return new URL(rel.replace(/\/?$/, "/"), location.href);
  })();
  var cache = {};

  // One request per file, kept for the page's life; a failed one is forgotten, so it is tried again.
  function load(path, read, options) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base), options).then(function (r) {
        if (!r.ok) throw new Error(path + " " + r.status);
        return read(r);
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function getManifest() {
    return load("search/manifest.json", function (r) { return r.json(); }, { cache: "no-cache" });
  }
  function getShard(m, k) {
    return load("search/s/" + k + ".bin?v=" + m.v, function (r) {
      return r.arrayBuffer().then(function (buf) { return parseShard(buf, m.wide, m.format >= FORMAT); });
    });
  }
  // A pair token (two Han characters) carries a position mask per posting; the
  // other tokens are one character, Latin/digit words and "=" names.
  function isPair(token) { return token.length === 2 && token.charCodeAt(0) >= 0x3400; }
  function parseShard(buf, wide, hasMasks) {
    var view = new DataView(buf), bytes = new Uint8Array(buf), utf8 = new TextDecoder();
    var n = view.getUint32(0, true), at = 4, entries = [], total = 0, pairs = 0;
    for (var i = 0; i < n; i++) {
      var len = bytes[at];
      var token = utf8.decode(bytes.subarray(at + 1, at + 1 + len));
      var count = view.getUint32(at + 1 + len, true);
      var pair = hasMasks && isPair(token);
      entries.push([token, total, count, pair ? pairs : -1]);
      total += count;
      if (pair) pairs += count;
      at += 5 + len;
    }
    var width = wide ? 4 : 2, idsAt = at, scoresAt = at + total * width, masksAt = scoresAt + total, map = {};
    entries.forEach(function (e) {
      map[e[0]] = { start: e[1], count: e[2], masks: e[3] };
    });
    return {
      postings: function (token) {
        var e = map[token];
        if (!e) return { ids: [], scores: [], masks: null };
        var ids = new Array(e.count), scores = bytes.subarray(scoresAt + e.start, scoresAt + e.start + e.count);
        for (var j = 0; j < e.count; j++) {
          var off = idsAt + (e.start + j) * width;
          ids[j] = wide ? view.getUint32(off, true) : view.getUint16(off, true);
        }
        var masks = e.masks < 0 ? null : bytes.subarray(masksAt + e.masks, masksAt + e.masks + e.count);
        return { ids: ids, scores: scores, masks: masks };
      }
    };
  }
  // null for an id no page has (the preview leaves the id of a removed page unused)
  function getDoc(m, id) {
    return load("search/d/" + id + ".json?v=" + m.v, function (r) { return r.json(); }).catch(function (e) {
      if (/ 404$/.test(e.message)) return null;
      throw e;
    });
  }
  // Ties go to the page a fresh build numbers first: its id, or its place in r.bin when
  // the preview's ids are not in that order (index.py, "ranked").
  function getRanks(m) {
    if (!m.ranked) return Promise.resolve(null);
    return load("search/r.bin?v=" + m.v, function (r) {
      return r.arrayBuffer().then(function (buf) { return new Uint32Array(buf); });
    });
  }

  // ---- a query: candidates from postings, then checked page by page ----
  function candidates(query) {
    var ts = terms(query);
    if (!ts.length) return Promise.resolve(null);
    return getManifest().then(function (m) {
      var lists = ts.map(function (t) {
        return Promise.all(termTokens(t).map(function (tok) {
          return getShard(m, bucket(tok, m.shards)).then(function (s) { return s.postings(tok); });
        }));
      });
      var key = nameKey(query);
      var named = getShard(m, bucket(key, m.shards)).then(function (s) { return s.postings(key); });
      return Promise.all([Promise.all(lists), named, getRanks(m)]).then(function (both) {
        var perTerm = both[0], exact = both[1], ranks = both[2];
        var total = null;
        perTerm.forEach(function (tokenLists) {
          // a term's score in a page: its rarest pair's (≈ how often the phrase occurs)
          var term = null;
          // acc: where the run may start, mod 8; pair i must start one after pair i-1
          // (rotate left by one, AND its mask). 0: the run cannot be in the page.
          var acc = null, masked = tokenLists.every(function (p) { return p.masks !== null; });
          tokenLists.forEach(function (p) {
            var next = new Map(), nextAcc = masked ? new Map() : null;
            for (var i = 0; i < p.ids.length; i++) {
              var id = p.ids[i], s = p.scores[i];
              if (term === null) {
                next.set(id, s);
                if (masked) nextAcc.set(id, p.masks[i]);
              } else if (term.has(id)) {
                if (masked) {
                  var a = acc.get(id);
                  a = (((a << 1) | (a >>> 7)) & 0xff) & p.masks[i];
                  if (!a) continue;
                  nextAcc.set(id, a);
                }
                next.set(id, Math.min(term.get(id), s));
              }
            }
            term = next;
            acc = nextAcc;
          });
          if (total === null) total = term;
          else {
            var both = new Map();
            term.forEach(function (s, id) { if (total.has(id)) both.set(id, total.get(id) + s); });
            total = both;
          }
        });
        for (var i = 0; i < exact.ids.length; i++) {
          if (total.has(exact.ids[i])) total.set(exact.ids[i], total.get(exact.ids[i]) + NAME_BONUS);
        }
        var hits = Array.from(total.keys());
        var rank = ranks ? function (id) { return ranks[id]; } : function (id) { return id; };
        hits.sort(function (a, b) { return total.get(b) - total.get(a) || rank(a) - rank(b); });
        return { manifest: m, terms: ts, ids: hits, next: 0 };
      });
    });
  }
  // The next `n` pages that really contain every term, in rank order. `onEach`
  // (optional) sees each one as soon as it and every page before it are in.
  function more(search, n, onEach) {
    var found = [];
    function step() {
      if (found.length >= n || search.next >= search.ids.length) return Promise.resolve(found);
      var batch = search.ids.slice(search.next, search.next + (n - found.length));
      search.next += batch.length;
      var shown = 0, ready = [];
      function flush() {
        while (shown < batch.length && ready[shown] !== undefined) {
          var d = ready[shown++];
          if (d && onEach) onEach(d);
        }
      }
      return Promise.all(batch.map(function (id, i) {
        return getDoc(search.manifest, id).then(function (d) {
          var hay = d === null ? null : fold(d.t + "\n" + d.m + "\n" + d.x);
          var real = hay !== null && search.terms.every(function (t) { return hay.indexOf(t) >= 0; });
          ready[i] = real ? d : null;
          if (!real) search.dropped = (search.dropped || 0) + 1;
          flush();
        });
      })).then(function () {
        found = found.concat(ready.filter(Boolean));
        return step();
      });
    }
    return step();
  }

  // ---- showing results ----
  function marked(text, ts) {
    var frag = document.createDocumentFragment(), low = fold(text), at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      ts.forEach(function (t) {
        var i = low.indexOf(t, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && t.length > len))) { best = i; len = t.length; }
      });
      if (best < 0) break;
      if (best > at) frag.appendChild(document.createTextNode(text.slice(at, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      frag.appendChild(mark);
      at = best + len;
    }
    if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }
  function snippet(text, ts, size) {
    text = text.replace(INVISIBLE, "");
    var low = fold(text), hit = -1;
    ts.forEach(function (t) {
      var i = low.indexOf(t);
      if (i >= 0 && (hit < 0 || i < hit)) hit = i;
    });
    if (hit < 0) hit = 0;
    // start at the sentence that holds the hit, or shortly before the hit
    var para = text.lastIndexOf("\n", hit) + 1, start = para;
    for (var i = hit - 1; i >= para && i >= hit - 40; i--) {
      if ("。！？；\n".indexOf(text[i]) >= 0) { start = i + 1; break; }
      start = i;
    }
    var end = text.indexOf("\n", hit);
    if (end < 0) end = text.length;
    var cut = text.slice(start, Math.min(end, start + size)).replace(LEADING, "");
    return cut + (start + size < end ? "…" : "");
  }
  function item(d, ts, headingTag) {
    var li = document.createElement("li");
    li.className = "md-search-result__item kx-hit";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(d.u, base).href;
    var art = document.createElement("article");
    art.className = "md-search-result__article md-typeset";
    var h = document.createElement(headingTag);
    h.className = "kx-hit__title";
    h.appendChild(marked(d.t, ts));
    art.appendChild(h);
    if (d.l) {
      var loc = document.createElement("p");
      loc.className = "kx-hit__where";
      loc.textContent = d.l;
      art.appendChild(loc);
    }
    var p = document.createElement("p");
    p.className = "kx-hit__snippet";
    p.appendChild(marked(snippet(d.x || d.m, ts, 90), ts));
    art.appendChild(p);
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }
  function resultsUrl(q) {
    return new URL("search/?q=" + encodeURIComponent(q), base).href;
  }
  function quoted(ts) { return ts.map(function (t) { return "“" + t + "”"; }).join("、"); }

  // ---- the header dialog: results as you type ----
  function header(root) {
    var input = root.querySelector("[data-kx-search-input]");
    var status = root.querySelector("[data-kx-search-status]");
    var list = root.querySelector("[data-kx-search-list]");
    var all = root.querySelector("[data-kx-search-all]");
    var toggle = document.getElementById("__search");
    var timer = null, latest = 0, idle = status.textContent;

    function run() {
      var q = input.value.trim(), ticket = ++latest;
      if (!terms(q).length) {
        list.textContent = ""; all.hidden = true; status.textContent = idle;
        return;
      }
      status.textContent = "正在搜索…";
      candidates(q).then(function (s) {
        var fresh = true;
        return more(s, HEADER_HITS, function (d) {
          if (ticket !== latest) return;
          if (fresh) { list.textContent = ""; fresh = false; }
          list.appendChild(item(d, s.terms, "h3"));
        }).then(function (found) {
          if (ticket !== latest) return;
          if (fresh) list.textContent = "";
          var n = s.ids.length - (s.dropped || 0);
          status.textContent = found.length ? "找到 " + n + " 篇" : "没有找到包含" + quoted(s.terms) + "的内容";
          all.hidden = found.length === 0;
          all.href = resultsUrl(q);
          all.textContent = "全部结果（" + n + " 篇）";
        });
      }).catch(function () {
        if (ticket === latest) status.textContent = "搜索暂时无法使用，请稍后再试";
      });
    }
    input.addEventListener("input", function (e) {
      if (e.isComposing) return; // wait for the pinyin input method to finish
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("compositionend", function () { clearTimeout(timer); timer = setTimeout(run, 0); });
    root.querySelector("form").addEventListener("reset", function () { setTimeout(run, 0); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle) { toggle.checked = false; input.blur(); }
    });
    function opened() {
      getManifest().catch(function () {}); // a few bytes, so the first query starts with the shards
    }
    if (toggle) toggle.addEventListener("change", function () {
      if (toggle.checked) { opened(); setTimeout(function () { input.focus(); }, 50); }
    });
    // "/" or "s" opens search from anywhere, as on material sites
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      if (typing || e.ctrlKey || e.metaKey || e.altKey || (e.key !== "/" && e.key !== "s")) return;
      e.preventDefault();
      if (toggle) toggle.checked = true;
      opened();
      input.focus();
    });
    input.addEventListener("focus", function () {
      opened();
      if (toggle && !toggle.checked) toggle.checked = true;
    });
  }

  // ---- the results page /search/?q=… ----
  function page(root) {
    var input = root.querySelector("[data-kx-search-input]");
    var status = root.querySelector("[data-kx-search-status]");
    var list = root.querySelector("[data-kx-search-list]");
    var button = root.querySelector("[data-kx-search-more]");
    var q = (new URLSearchParams(location.search).get("q") || "").trim();
    var search = null, busy = false, shown = 0;
    input.value = q;
    if (!terms(q).length) return;
    document.title = q + " - 搜索 - " + document.title.replace(/^搜索 - /, "");

    function load() {
      if (!search || busy || search.next >= search.ids.length) return;
      busy = true;
      more(search, PAGE_HITS, function (d) {
        list.appendChild(item(d, search.terms, "h2"));
        shown += 1;
      }).then(function () {
        var n = search.ids.length - (search.dropped || 0);
        status.textContent = n ? quoted(search.terms) + "：共 " + n + " 篇，已显示 " + shown + " 篇" : "没有找到包含" + quoted(search.terms) + "的内容";
        button.hidden = search.next >= search.ids.length;
        busy = false;
      }).catch(function () { busy = false; status.textContent = "加载失败，请稍后再试"; });
    }
    status.textContent = "正在搜索…";
    candidates(q).then(function (s) {
      search = s;
      if (!s.ids.length) status.textContent = "没有找到包含" + quoted(s.terms) + "的内容";
      load();
    }).catch(function () {
      status.textContent = "搜索暂时无法使用，请稍后再试";
    });
    button.addEventListener("click", load);
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (es) {
        if (es.some(function (e) { return e.isIntersecting; })) load();
      }, { rootMargin: "400px" }).observe(button);
    }
  }

  function start() {
    var dialog = document.querySelector("[data-kx-search]");
    if (dialog) header(dialog);
    var results = document.querySelector("[data-kx-search-page]");
    if (results) page(results);
  }
  // exposed for tests and for the benchmark
  window.kexieSearch = { fold: fold, terms: terms, termTokens: termTokens, nameKey: nameKey, bucket: bucket, candidates: candidates, more: more, snippet: snippet };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
