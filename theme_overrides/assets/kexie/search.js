/* 站内搜索 — the reader's half of kexie/search (the index is written by
 * plugins/kexie/search/index.py and layout.py; tokens.py describes the tokens).
 *
 * Nothing is downloaded until the reader types. A query is cut exactly as the
 * index was: Han runs become overlapping pairs (one character stays one),
 * Latin letters and digits become words. Each token's shard is fetched once,
 * the postings of a term are intersected (every pair must be there), and a
 * page stays only if the pairs' position masks (bit p mod 8 where a pair
 * starts) allow them at consecutive positions; terms are AND-ed. When more
 * pages are left than the header shows, the exact places of the query's less
 * common pairs (p/<k>.bin, each with the units before and after it) settle
 * which pages hold the run, so the count is exact without any page text.
 * Only the documents shown are fetched, to cut a snippet (and to check the
 * phrase where places could not settle it). A heavy token (on many pages)
 * has its own files: a bitmap of its pages and its postings in rank order,
 * block by block (fromPostings, fromBlocks), so a common word costs a first
 * query a few KB whatever the size of the archive.
 */
(function () {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TERM = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var MAX_WORD = 32;
  var MAX_NAME = 80;
  var NAME_BONUS = 1024; // a query equal to a page's name puts that page first
  var FORMAT = 4; // the shard format this reader knows (layout.py FORMAT): 2 adds pair position masks, 3 places, 4 heavy tokens
  var PLACES_BUDGET = 160000; // bytes of places files one term may fetch
  var LONG_RUN = 6; // a longer Han run is looked up by every other pair
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
      return r.arrayBuffer().then(function (buf) { return parseShard(buf, k, m.wide, m.format || 1); });
    });
  }
  // A pair token (two Han characters) carries a position mask per posting; the
  // other tokens are one character, Latin/digit words and "=" names.
  function isPair(token) { return token.length === 2 && token.charCodeAt(0) >= 0x3400; }
  function parseShard(buf, k, wide, format) {
    var view = new DataView(buf), bytes = new Uint8Array(buf), utf8 = new TextDecoder();
    var n = view.getUint32(0, true), at = 4, entries = [], total = 0, pairs = 0, pairTokens = 0, heavy = 0;
    for (var i = 0; i < n; i++) {
      var len = bytes[at];
      var token = utf8.decode(bytes.subarray(at + 1, at + 1 + len));
      var raw = view.getUint32(at + 1 + len, true), count = raw & 0x7fffffff;
      var pair = format >= 2 && isPair(token);
      if (format >= 4 && raw >>> 31) {
        // a heavy token: its postings are in h/<k>-<j>-<b>.bin, only its count is here
        entries.push({ token: token, count: count, pair: pair ? pairTokens++ : -1, heavy: { k: k, j: heavy++, count: count, pair: pair } });
      } else {
        entries.push({ token: token, start: total, count: count, masks: pair ? pairs : -1, pair: pair ? pairTokens++ : -1 });
        total += count;
        if (pair) pairs += count;
      }
      at += 5 + len;
    }
    var width = wide ? 4 : 2, idsAt = at, scoresAt = at + total * width, masksAt = scoresAt + total, tableAt = masksAt + pairs;
    // places: where each placed pair's run starts in p/<k>.bin (positions, units before, units after, then a count per posting)
    var map = {}, placed = 0, given = 0;
    entries.forEach(function (e) {
      var m = format >= 3 && e.pair >= 0 ? view.getUint16(tableAt + 2 * e.pair, true) : 0;
      e.places = m ? { k: k, at: placed, givenAt: given, file: null } : null;
      placed += m;
      if (m) given += e.count;
      map[e.token] = e;
    });
    var fileBytes = 6 * placed + given;
    entries.forEach(function (e) { if (e.places) { e.places.total = placed; e.places.bytes = fileBytes; } });
    return {
      postings: function (token) {
        var e = map[token];
        if (!e) return { ids: [], scores: [], masks: null, places: null };
        if (e.heavy) return { ids: [], scores: [], masks: null, places: null, heavy: e.heavy };
        var ids = new Array(e.count), scores = bytes.subarray(scoresAt + e.start, scoresAt + e.start + e.count);
        for (var j = 0; j < e.count; j++) {
          var off = idsAt + (e.start + j) * width;
          ids[j] = wide ? view.getUint32(off, true) : view.getUint16(off, true);
        }
        var masks = e.masks < 0 ? null : bytes.subarray(masksAt + e.masks, masksAt + e.masks + e.count);
        return { ids: ids, scores: scores, masks: masks, places: e.places };
      }
    };
  }
  // Block b of a heavy token: B << b postings in rank order (ids, then scores);
  // block 0 begins with the bitmap of every page that has the token.
  function getBlock(m, h, b) {
    var size = (m.block || 1024) * Math.pow(2, b), first = (m.block || 1024) * (Math.pow(2, b) - 1);
    var n = Math.max(0, Math.min(size, h.count - first));
    if (!n) return Promise.resolve(null);
    return load("search/h/" + h.k + "-" + h.j + "-" + b + ".bin?v=" + m.v, function (r) {
      return r.arrayBuffer().then(function (buf) {
        var width = m.wide ? 4 : 2, bytes = new Uint8Array(buf), view = new DataView(buf);
        var at = buf.byteLength - n * (width + 1), ids = new Array(n);
        for (var j = 0; j < n; j++) ids[j] = m.wide ? view.getUint32(at + j * width, true) : view.getUint16(at + j * width, true);
        return { bits: b === 0 ? bytes.subarray(0, at) : null, ids: ids, scores: bytes.subarray(at + n * width) };
      });
    });
  }
  function has(bits, id) { return (id >> 3) < bits.length && (bits[id >> 3] >> (id & 7)) & 1; }
  var POP = new Uint8Array(256);
  for (var x = 1; x < 256; x++) POP[x] = (x & 1) + POP[x >> 1];
  // A heavy pair's position masks, one byte a page in id order (read for a run whose pairs leave many pages).
  function getMasks(m, p) {
    return load("search/h/" + p.heavy.k + "-" + p.heavy.j + "-m.bin?v=" + m.v, function (r) {
      return r.arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
    }).then(function (masks) { p.maskFile = masks; });
  }
  // A token's position mask in page id: from its postings, or from a heavy pair's mask file
  // (its page's place among the bitmap's pages); null when not known (a character, or no file).
  function maskOf(p, id) {
    if (p.heavy) {
      var bits = p.block.bits;
      if (!p.maskFile) return null;
      if (!has(bits, id)) return 0;
      if (!p.before) {
        p.before = new Uint32Array(bits.length + 1);
        for (var i = 0; i < bits.length; i++) p.before[i + 1] = p.before[i] + POP[bits[i]];
      }
      return p.maskFile[p.before[id >> 3] + POP[bits[id >> 3] & ((1 << (id & 7)) - 1)]];
    }
    if (!p.masks) return null;
    if (!p.at) {
      p.at = new Map();
      p.ids.forEach(function (x, i) { p.at.set(x, i); });
    }
    var j = p.at.get(id);
    return j === undefined ? 0 : p.masks[j];
  }
  // Whether a term's pairs can line up in page id (may_hold_run in index.py), over every pair whose mask is known.
  function lineUp(tokenLists, id) {
    var acc = null, last = 0;
    for (var t = 0; t < tokenLists.length; t++) {
      var p = tokenLists[t], mask = maskOf(p, id);
      if (mask === null) continue;
      if (acc === null) acc = mask;
      else {
        var d = (p.offset - last) % 8;
        acc = (((acc << d) | (acc >>> (8 - d))) & 0xff) & mask;
      }
      last = p.offset;
      if (!acc) return false;
    }
    return true;
  }
  // The mask files of the heavy pairs of the query's runs, when pages are many: they rule out
  // pages whose pairs are all there but apart, which the page texts would otherwise have to.
  function runMasks(m, ts, perTerm, many) {
    if (!many) return Promise.resolve([]);
    var runs = [], files = [];
    ts.forEach(function (t, i) {
      var heavyPairs = perTerm[i].filter(function (p) { return p.heavy && p.heavy.pair; });
      if (settledByPostings(t) || !heavyPairs.length) return;
      runs.push(perTerm[i]);
      heavyPairs.forEach(function (p) { files.push(getMasks(m, p)); });
    });
    return Promise.all(files).then(function () { return runs; });
  }
  // How many pages every bitmap has (and `keep`, when given, keeps).
  function together(bitmaps, keep) {
    var n = Math.min.apply(null, bitmaps.map(function (b) { return b.length; })), c = 0;
    for (var i = 0; i < n; i++) {
      var x = 0xff;
      for (var j = 0; j < bitmaps.length; j++) x &= bitmaps[j][i];
      for (; x; x &= x - 1) if (!keep || keep(i * 8 + 31 - Math.clz32(x & -x))) c++;
    }
    return c;
  }
  function getPlaces(m, k) {
    return load("search/p/" + k + ".bin?v=" + m.v, function (r) { return r.arrayBuffer(); });
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
  // Which of a term's tokens to fetch: every pair of a run up to LONG_RUN characters (a
  // rare pair in the middle is what settles it); of a longer run every other pair and the
  // last, which cover every character (nothing is lost: a page holding the run holds them
  // all), as its long mask chain already leaves few pages and each pair costs a shard.
  function lookup(term) {
    var n = termTokens(term).length, out = [];
    for (var i = 0; i < n; i += term.length > LONG_RUN ? 2 : 1) out.push(i);
    if (out[out.length - 1] !== n - 1) out.push(n - 1);
    return out;
  }
  // A term the postings answer exactly: one Han character, one pair, a whole word.
  function settledByPostings(term) {
    return HAN_RUN.test(term) ? term.length <= 2 : term.length <= MAX_WORD;
  }
  function candidates(query) {
    var ts = terms(query);
    if (!ts.length) return Promise.resolve(null);
    return getManifest().then(function (m) {
      var lists = ts.map(function (t) {
        return Promise.all(lookup(t).map(function (at) {
          var tok = termTokens(t)[at];
          return getShard(m, bucket(tok, m.shards)).then(function (s) {
            var p = s.postings(tok);
            p.offset = at;
            return p;
          });
        }));
      });
      var key = nameKey(query);
      var named = getShard(m, bucket(key, m.shards)).then(function (s) { return s.postings(key); });
      return Promise.all([Promise.all(lists), named, getRanks(m)]).then(function (both) {
        var perTerm = both[0], exact = both[1], ranks = both[2], heavy = [];
        perTerm.forEach(function (tokenLists) { tokenLists.forEach(function (p) { if (p.heavy) heavy.push(p); }); });
        var rank = ranks ? function (id) { return ranks[id]; } : function (id) { return id; };
        return Promise.all(heavy.map(function (p) {
          return getBlock(m, p.heavy, 0).then(function (b) { p.block = b; });
        })).then(function () {
          var anchored = perTerm.some(function (tokenLists) { return tokenLists.some(function (p) { return !p.heavy; }); });
          return anchored ? fromPostings(m, ts, perTerm, heavy, exact, rank) : fromBlocks(m, ts, perTerm, heavy, exact, rank);
        });
      });
    });
  }
  // Candidates from the postings of the query's lighter tokens: a heavy token's bitmap says which
  // of them have it too, and a heavy pair's masks (when they are many) where it is.
  function fromPostings(m, ts, perTerm, heavy, exact, rank) {
    var total = null;
    perTerm.forEach(function (tokenLists) {
      var light = tokenLists.filter(function (p) { return !p.heavy; });
      if (!light.length) return;
      var term = masked(light);
      if (total === null) total = new Map(term);
      else {
        var kept = new Map();
        term.forEach(function (s, id) { if (total.has(id)) kept.set(id, total.get(id) + s); });
        total = kept;
      }
    });
    heavy.forEach(function (p) {
      total.forEach(function (_, id) { if (!has(p.block.bits, id)) total.delete(id); });
    });
    return runMasks(m, ts, perTerm, total.size > HEADER_HITS).then(function (runs) {
      total.forEach(function (_, id) {
        if (!runs.every(function (tokenLists) { return lineUp(tokenLists, id); })) total.delete(id);
      });
      return ranked(m, ts, perTerm, total, exact, rank);
    });
  }
  // The pages of `total` the postings and places settle; the others are checked against their text.
  function ranked(m, ts, perTerm, total, exact, rank) {
    var search = { manifest: m, terms: ts, ids: null, next: 0, unsure: new Set() };
    ts.forEach(function (t) {
      if (!settledByPostings(t)) total.forEach(function (_, id) { search.unsure.add(id); });
    });
    var settling = Promise.resolve();
    if (search.unsure.size && total.size > HEADER_HITS) {
      settling = Promise.all(ts.map(function (t, i) {
        return settledByPostings(t) ? null : settle(m, t, perTerm[i], total);
      })).then(function (settled) {
        search.unsure = new Set();
        total.forEach(function (_, id) {
          if (settled.some(function (s, i) { return !settledByPostings(ts[i]) && !(s && s.has(id)); })) search.unsure.add(id);
        });
      });
    }
    return settling.then(function () {
      for (var i = 0; i < exact.ids.length; i++) {
        if (total.has(exact.ids[i])) total.set(exact.ids[i], total.get(exact.ids[i]) + NAME_BONUS);
      }
      var hits = Array.from(total.keys());
      hits.sort(function (a, b) { return total.get(b) - total.get(a) || rank(a) - rank(b); });
      search.ids = hits;
      return search;
    });
  }
  // Every token of the query is heavy: the rarest leads, block by block in its rank order (the
  // next block when the reader wants more), and the others' bitmaps say which of its pages have
  // them too. The count is how many pages every bitmap has: exact when each term is one token.
  function fromBlocks(m, ts, perTerm, heavy, exact, rank) {
    var bitmaps = heavy.map(function (p) { return p.block.bits; }), pages = together(bitmaps);
    return runMasks(m, ts, perTerm, pages > HEADER_HITS).then(function (runs) {
      return streamed(m, ts, heavy, exact, rank, bitmaps, runs.length ? null : pages, runs);
    });
  }
  // `pages`: how many pages every bitmap has, when no run's masks narrow them
  function streamed(m, ts, heavy, exact, rank, bitmaps, pages, runs) {
    var lead = heavy.reduce(function (a, p) { return p.heavy.count < a.heavy.count ? p : a; });
    var sure = ts.every(settledByPostings), seen = new Set(), b = 0;
    function lined(id) { return runs.every(function (tokenLists) { return lineUp(tokenLists, id); }); }
    var search = { manifest: m, terms: ts, ids: [], next: 0, unsure: new Set(), estimate: pages === null ? together(bitmaps, lined) : pages, sure: sure };
    function add(ids) {
      ids.forEach(function (id) {
        if (seen.has(id) || !bitmaps.every(function (bits) { return has(bits, id); }) || !lined(id)) return;
        seen.add(id);
        search.ids.push(id);
        if (!sure) search.unsure.add(id);
      });
    }
    function inOrder(block) {
      var at = block.ids.map(function (_, i) { return i; });
      at.sort(function (x, y) { return block.scores[y] - block.scores[x] || rank(block.ids[x]) - rank(block.ids[y]); });
      return at.map(function (i) { return block.ids[i]; });
    }
    add(exact.ids.slice().sort(function (x, y) { return rank(x) - rank(y); })); // a query equal to a page's name: that page first
    add(inOrder(lead.block));
    search.grow = function () {
      return getBlock(m, lead.heavy, ++b).then(function (block) {
        if (!block) { search.grow = null; return false; }
        add(inOrder(block));
        return true;
      });
    };
    return search;
  }
  // Whether every hit has been listed.
  function done(search) { return search.next >= search.ids.length && !search.grow; }
  // One term's pages: id → score (its rarest pair's, ≈ how often the phrase occurs),
  // kept only where the pairs' position masks can line up.
  function masked(tokenLists) {
    var term = null;
    // acc: where the run may start, mod 8; the pair at offset k must start k after the
    // first (rotate left by the step from the pair before, AND its mask). 0: the run cannot be in the page.
    var acc = null, withMasks = tokenLists.every(function (p) { return p.masks !== null; }), last = 0;
    tokenLists.forEach(function (p) {
      var d = (p.offset - last) % 8; // (lighter pairs alone may be further apart than a byte)
      last = p.offset;
      var next = new Map(), nextAcc = withMasks ? new Map() : null;
      for (var i = 0; i < p.ids.length; i++) {
        var id = p.ids[i], s = p.scores[i];
        if (term === null) {
          next.set(id, s);
          if (withMasks) nextAcc.set(id, p.masks[i]);
        } else if (term.has(id)) {
          if (withMasks) {
            var a = acc.get(id);
            a = (((a << d) | (a >>> (8 - d))) & 0xff) & p.masks[i];
            if (!a) continue;
            nextAcc.set(id, a);
          }
          next.set(id, Math.min(term.get(id), s));
        }
      }
      term = next;
      acc = nextAcc;
    });
    return term;
  }

  // ---- places: which pages hold a run, from the exact places of some of its pairs ----
  // The pairs to fetch places for: fewest characters left unchecked, then fewest bytes.
  // A place of pair i vouches for characters i-1 … i+2 (its pair, the unit before and after).
  function choosePairs(term, tokenLists) {
    var placed = [];
    tokenLists.forEach(function (p, i) { if (p.places) placed.push(i); });
    placed.sort(function (a, b) { return tokenLists[a].places.bytes - tokenLists[b].places.bytes; });
    placed = placed.slice(0, 12);
    var best = null;
    for (var pick = 1; pick < (1 << placed.length); pick++) {
      var chosen = [], files = {}, cost = 0;
      for (var b = 0; b < placed.length; b++) {
        if (!(pick & (1 << b))) continue;
        var i = placed[b], pl = tokenLists[i].places;
        chosen.push(i);
        if (!files[pl.k]) { files[pl.k] = true; cost += pl.bytes; }
      }
      if (cost > PLACES_BUDGET) continue;
      var left = uncovered(term.length, chosen.map(function (i) { return tokenLists[i].offset; }));
      if (!best || left < best.left || (left === best.left && cost < best.cost)) best = { chosen: chosen, left: left, cost: cost };
    }
    return best;
  }
  function uncovered(length, chosen) {
    var left = 0;
    for (var j = 0; j < length; j++) {
      if (!chosen.some(function (i) { return i - 1 <= j && j <= i + 2; })) left++;
    }
    return left;
  }
  // Pages of `total` holding `term` as far as places tell: the set of those it settles
  // (every character vouched for); pages it rules out are removed from `total`.
  function settle(m, term, tokenLists, total) {
    var best = choosePairs(term, tokenLists);
    // a long run's mask chain leaves few pages already: its places are worth fetching only to settle it
    if (!best || (best.left && term.length > LONG_RUN)) return Promise.resolve(null);
    return Promise.all(best.chosen.map(function (i) {
      var p = tokenLists[i];
      return getPlaces(m, p.places.k).then(function (buf) { return startsOf(term, p.offset, p, buf); });
    })).then(function (starts) {
      var chosen = {}, settled = new Set(), index = tokenLists.map(function (p) {
        var at = new Map();
        p.ids.forEach(function (id, j) { at.set(id, j); });
        return at;
      });
      best.chosen.forEach(function (i) { chosen[i] = true; });
      Array.from(total.keys()).forEach(function (id) {
        var s = null;
        for (var c = 0; c < starts.length; c++) {
          var here = starts[c].get(id);
          if (here === undefined) return; // no places given for this page: its text decides
          s = s === null ? here : s.filter(function (x) { return here.indexOf(x) >= 0; });
        }
        s = s.filter(function (x) {
          return tokenLists.every(function (p, i) {
            return chosen[i] || !p.masks || (p.masks[index[i].get(id)] >> ((x + p.offset) & 7)) & 1;
          });
        });
        if (!s.length) total.delete(id);
        else if (!best.left) settled.add(id);
      });
      return settled;
    });
  }
  // id → where `term` may start (p - i), from the places of its pair i whose units
  // before and after are the term's; pages whose places are not given are left out.
  function startsOf(term, i, p, buf) {
    var pl = p.places, words = new Uint16Array(buf, 0, 3 * pl.total), counts = new Uint8Array(buf, 6 * pl.total);
    var before = i > 0 ? term.charCodeAt(i - 1) : -1, after = i + 2 < term.length ? term.charCodeAt(i + 2) : -1;
    var out = new Map(), at = pl.at;
    for (var j = 0; j < p.ids.length; j++) {
      var n = counts[pl.givenAt + j];
      if (!n) continue;
      var starts = [];
      for (var q = at; q < at + n; q++) {
        if ((before < 0 || words[pl.total + q] === before) && (after < 0 || words[2 * pl.total + q] === after) && words[q] >= i) {
          starts.push(words[q] - i);
        }
      }
      out.set(p.ids[j], starts);
      at += n;
    }
    return out;
  }
  // The next `n` pages that really contain every term, in rank order. `onEach`
  // (optional) sees each one as soon as it and every page before it are in.
  // Pages the postings and places settled need no check; the others are checked
  // against their text, and the count is exact once none is left unchecked.
  function more(search, n, onEach) {
    var found = [];
    function step() {
      if (found.length >= n) return Promise.resolve(found);
      if (search.next >= search.ids.length) {
        return search.grow ? search.grow().then(function (grew) { return grew ? step() : found; }) : Promise.resolve(found);
      }
      var first = search.next === 0;
      var batch = search.ids.slice(search.next, search.next + (n - found.length));
      search.next += batch.length;
      var shown = 0, ready = [];
      function flush() {
        while (shown < batch.length && ready[shown] !== undefined) {
          var d = ready[shown++];
          if (d && onEach) onEach(d);
        }
      }
      function check(id, i) {
        return getDoc(search.manifest, id).then(function (d) {
          var hay = d === null ? null : fold(d.t + "\n" + d.m + "\n" + d.x);
          var real = hay !== null && search.terms.every(function (t) { return hay.indexOf(t) >= 0; });
          search.unsure.delete(id);
          ready[i] = real ? d : null;
          if (!real) search.dropped = (search.dropped || 0) + 1;
          flush();
        });
      }
      // the query's first page alone, then the rest: on a slow link the first hit
      // shows without sharing the bandwidth with the seven below it
      var lead = first && batch.length > 1 && !search.unsure.has(batch[0]) ? check(batch[0], 0) : null;
      return (lead || Promise.resolve()).then(function () {
        return Promise.all(batch.map(function (id, i) { return lead && i === 0 ? null : check(id, i); }));
      }).then(function () {
        found = found.concat(ready.filter(Boolean));
        return step();
      });
    }
    return step();
  }
  // How many pages hold the query: exact once no page is left unchecked, else at most this many.
  function count(search) {
    if (search.grow) return { n: search.estimate - (search.dropped || 0), exact: search.sure };
    return { n: search.ids.length - (search.dropped || 0), exact: search.unsure.size === 0 };
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
          var c = count(s), n = (c.exact ? "" : "约 ") + c.n + " 篇";
          status.textContent = found.length ? "找到" + (c.exact ? " " : "") + n : "没有找到包含" + quoted(s.terms) + "的内容";
          all.hidden = found.length === 0;
          all.href = resultsUrl(q);
          all.textContent = "全部结果（" + n + "）";
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
      if (!search || busy || done(search)) return;
      busy = true;
      more(search, PAGE_HITS, function (d) {
        list.appendChild(item(d, search.terms, "h2"));
        shown += 1;
      }).then(function () {
        var c = count(search);
        status.textContent = c.n ? quoted(search.terms) + "：共" + (c.exact ? " " : "约 ") + c.n + " 篇，已显示 " + shown + " 篇"
          : "没有找到包含" + quoted(search.terms) + "的内容";
        button.hidden = done(search);
        busy = false;
      }).catch(function () { busy = false; status.textContent = "加载失败，请稍后再试"; });
    }
    status.textContent = "正在搜索…";
    candidates(q).then(function (s) {
      search = s;
      if (!s.ids.length && !s.grow) status.textContent = "没有找到包含" + quoted(s.terms) + "的内容";
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
  window.kexieSearch = { fold: fold, terms: terms, termTokens: termTokens, nameKey: nameKey, bucket: bucket, candidates: candidates, more: more, snippet: snippet, count: count };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
