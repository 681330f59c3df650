// Site search: the index is built with the site (search/<lang>/*.js) and loaded on demand with
// script tags, so it works over HTTP and from disk (file://). No modules, no fetch, no framework.
// Page data only ever reaches the DOM through textContent and createElement. This file itself is
// loaded by site.js when a search box is first used, and by the results page.
(function () {
  "use strict";
  var doc = document;

  // ---- Loading index files -------------------------------------------------------------------
  // Every index file calls PlaybookSearch.add(lang, kind, number, data).
  // Maps keyed by words, stems or tags have no prototype: a word such as "constructor" is data.
  function dict() { return Object.create(null); }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  var store = dict(), pending = dict();
  var PS = window.PlaybookSearch = window.PlaybookSearch || {};
  PS.add = function (lang, kind, n, data) {
    var key = lang + "|" + kind + "|" + n;
    store[key] = data;
    var waiters = pending[key];
    delete pending[key];
    if (waiters) waiters.forEach(function (w) { w.resolve(data); });
  };

  function fileName(kind, n) {
    if (kind === "m") return "index.js";
    if (kind === "a") return "a.js";
    if (kind === "d") return "d/" + n + ".js";
    return kind + n + ".js";
  }

  function load(root, lang, kind, n) {
    var key = lang + "|" + kind + "|" + n;
    if (key in store) return Promise.resolve(store[key]);
    return new Promise(function (resolve, reject) {
      if (pending[key]) { pending[key].push({ resolve: resolve, reject: reject }); return; }
      pending[key] = [{ resolve: resolve, reject: reject }];
      var s = doc.createElement("script");
      s.src = root + "search/" + lang + "/" + fileName(kind, n);
      s.async = true;
      s.onerror = function () {
        var waiters = pending[key] || [];
        delete pending[key];
        waiters.forEach(function (w) { w.reject(new Error("cannot load " + s.src)); });
      };
      s.onload = function () { s.parentNode && s.parentNode.removeChild(s); };
      doc.head.appendChild(s);
    });
  }

  // ---- Folding: exactly like the index (TextFold.words) ---------------------------------------
  var LETTER = /[\p{L}\p{N}]/u;
  function isMark(c) {
    return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
      (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f);
  }
  // Calls fn(start, end, folded) for each word of text (start/end: UTF-16 offsets).
  // A letter marked inside a word, as the index reads it (FoldedWordScanner.letterMark): one or
  // two ASCII letters in brackets touching a word, "E[x]tract", "[f]ile" → "extract", "file".
  var MARK = /^\[([A-Za-z]{1,2})\]/, MARK_NEXT = /[A-Za-z\u00c0-\uffff]/;
  function scanWords(text, fold, fn) {
    var cur = "", start = -1, i = 0, n = text.length;
    while (i < n) {
      var c = text.codePointAt(i), len = c > 0xffff ? 2 : 1, add = null, join = false;
      if (c === 0x5b) {
        var mk = MARK.exec(text.slice(i, i + 4));
        if (mk && (cur || MARK_NEXT.test(text.charAt(i + mk[0].length)))) {
          if (start < 0) start = i;
          cur += mk[1].toLowerCase(); i += mk[0].length;
          continue;
        }
      }
      if (c < 0x80) {
        if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) add = text[i];
        else if (c >= 0x41 && c <= 0x5a) add = String.fromCharCode(c + 32);
        else if (c === 0x27) join = true;
      } else if (c >= 0xc0 && c < 0x180) {
        add = fold[c - 0xc0] || null;
      } else if (c === 0x2019 || isMark(c)) {
        join = true;
      } else {
        var ch = String.fromCodePoint(c);
        if (LETTER.test(ch)) add = ch.toLowerCase();
      }
      if (add !== null) { if (start < 0) start = i; cur += add; }
      else if (!join) { if (cur) fn(start, i, cur); cur = ""; start = -1; }
      i += len;
    }
    if (cur) fn(start, n, cur);
  }
  function words(text, fold) {
    var out = [];
    scanWords(text, fold, function (s, e, w) { if (w.length <= 40) out.push(w); });
    return out;
  }
  // Fallback fold table (the manifest ships the real one) for highlighting before it loads.
  var FOLD0 = null;

  // ---- One language's index ------------------------------------------------------------------
  var indexes = dict();
  function Index(root, lang) {
    this.root = root; this.lang = lang; this.m = null;
    this.postings = dict();
  }
  function getIndex(root, lang) {
    return indexes[lang] || (indexes[lang] = new Index(root, lang));
  }
  Index.prototype.ready = function () {
    var self = this;
    return load(this.root, this.lang, "m", 0).then(function (m) {
      self.m = m; FOLD0 = FOLD0 || m.fold;
      if (!self.prominence) {  // per document, from runs [level, count, …] (Prominence in the index)
        var p = self.prominence = new Uint8Array(m.n), pr = m.pr || [], at = 0;
        for (var i = 0; i + 1 < pr.length; i += 2) { p.fill(pr[i], at, Math.min(m.n, at + pr[i + 1])); at += pr[i + 1]; }
      }
      return self;
    });
  };
  Index.prototype.shardOf = function (word) {
    var b = this.m.shards, lo = 0, hi = b.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (b[mid] <= word) lo = mid; else hi = mid - 1; }
    return lo;
  };
  Index.prototype.shard = function (n) {
    var self = this, key = this.lang + "|w|" + n;
    return load(this.root, this.lang, "w", n).then(function (data) {
      if (!data.words) {  // decode once: words and their stems, stems and their entries
        data.words = []; data.stemsOf = []; data.stemEntry = dict(); data.stemKeys = [];
        data.w.forEach(function (e) {
          if (typeof e === "string") { data.words.push(e); data.stemsOf.push([e]); }
          else { data.words.push(e[0]); data.stemsOf.push(e.slice(1)); }
        });
        data.s.forEach(function (e) { data.stemEntry[e[0]] = { df: e[1], pack: e[2] }; data.stemKeys.push(e[0]); });
      }
      return data;
    });
  };
  Index.prototype.shards = function (from, to) {
    var list = [];
    for (var i = from; i <= to; i++) list.push(this.shard(i));
    return Promise.all(list);
  };
  Index.prototype.stemEntry = function (stem) {
    return this.shard(this.shardOf(stem)).then(function (d) { return d.stemEntry[stem] || null; });
  };
  Index.prototype.docsOf = function (stem) {
    var self = this;
    if (this.postings[stem]) return Promise.resolve(this.postings[stem]);
    return this.stemEntry(stem).then(function (e) {
      if (!e) return null;
      return load(self.root, self.lang, "p", e.pack).then(function (pack) {
        return (self.postings[stem] = decodePostings(own(pack, stem) ? pack[stem] : "", e.df));
      });
    });
  };

  var DIGIT = {};
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { DIGIT[c] = i; });
  // [doc, impact, section] per posting, in flat typed arrays (format: Base64Numbers.postings).
  function decodePostings(s, df) {
    var docs = new Int32Array(df), impact = new Uint8Array(df), section = new Int32Array(df);
    var i = 0, k = 0, prev = -1;
    function varint() {
      var v = 0, shift = 0, d;
      do { d = DIGIT[s[i++]]; v += (d & 31) * Math.pow(2, shift); shift += 5; } while (d & 32);
      return v;
    }
    while (i < s.length && k < df) {
      var c = DIGIT[s[i++]];
      prev += (c & 32) ? 1 : 2 + varint();
      docs[k] = prev; impact[k] = c & 31; section[k] = varint(); k++;
    }
    return { docs: docs, impact: impact, section: section, n: k };
  }
  function decodeDocs(s) {
    var out = [], i = 0, prev = -1;
    while (i < s.length) {
      var v = 0, shift = 0, d;
      do { d = DIGIT[s[i++]]; v += (d & 31) * Math.pow(2, shift); shift += 5; } while (d & 32);
      prev = prev + 1 + v; out.push(prev);
    }
    return out;
  }

  function editDistance1(a, b) {  // true when a and b differ by one edit (incl. a transposition)
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function firstAtLeast(list, word) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }

  var MAX_PREFIX_STEMS = 4;
  var MAX_IMPACT = 31;
  // Impact tiers (RankingParameters in the index): 19…31 the stem is in the title, 10…18 in a
  // heading, the summary or tags, 1…9 in the body only.
  var TITLE_TIER = 19;
  // A match of the word itself (or its stem) is worth more than any completion of it: exact
  // matches add EXACT to the impact (1…31), completions do not.
  var EXACT = 32;
  // Languages that write compounds as one word: there, every query word of four letters or more
  // also matches words it is the head of (netwerk → netwerkbrede, rekenmachine →
  // rekenmachinetaal); Polish too, where it also joins inflected forms the light stemmer leaves
  // apart. Elsewhere only the word being typed (the last) is a prefix.
  var COMPOUNDING = { nl: 1, de: 1, sv: 1, da: 1, no: 1, nb: 1, nn: 1, fi: 1, pl: 1 };

  // What one query word stands for: its stems, each with a quality (0…1) and whether it is the
  // word itself (exact), the word's weight (idf) and the words to highlight.
  //   exact word → its stems (1, exact); no such word → the longest indexed stem it begins with
  //   ("apologizing" → "apolog") and the indexed words one edit away ("benchmrk" →
  //   "benchmark"), each worth more the more of the word it explains; the last word (and, in
  //   compounding languages, any word of four letters or more) → its most frequent completions
  //   (0.8, not exact) — except that in compounding languages a word that goes on for three
  //   letters or more is a compound the query word heads ("escalatie" in
  //   "escalatiecontacten"), which counts as the word itself (0.8, exact).
  Index.prototype.expand = function (token, prefix, heads) {
    var self = this;
    var complete = (prefix && token.length >= 2) || (heads && token.length >= 4);
    var from = this.shardOf(token);
    var to = complete ? this.shardOf(token + "\uffff") : from;
    return this.shards(from, to).then(function (shards) {
      var stems = dict(), hl = dict(), found = false;
      function addStem(stem, q, exact) {
        var old = stems[stem];
        if (!old || old.q + (old.exact ? 1 : 0) < q + (exact ? 1 : 0)) stems[stem] = { q: q, exact: exact };
      }
      var prefixStems = [];
      shards.forEach(function (d) {
        var i = firstAtLeast(d.words, token);
        if (d.words[i] === token) { found = true; hl[token] = 1; d.stemsOf[i].forEach(function (s) { addStem(s, 1, true); }); i++; }
        if (complete) {
          for (; i < d.words.length && d.words[i].lastIndexOf(token, 0) === 0; i++) {
            var head = heads && token.length >= 4 && d.words[i].length - token.length >= 3;
            d.stemsOf[i].forEach(function (s) { prefixStems.push({ stem: s, word: d.words[i], head: head }); });
          }
        }
      });
      if (!found) {
        // Stem back-off: a query word the pages do not contain ("apologizing") shares its stem
        // ("apolog") with words they do.
        var best = "";
        shards.forEach(function (d) {
          d.stemKeys.forEach(function (s) {
            if (s.length > best.length && s.length >= 3 && token.length - s.length <= 5 && token.lastIndexOf(s, 0) === 0) best = s;
          });
        });
        if (best) addStem(best, 0.5 + 0.5 * best.length / token.length, true);
        // Misspellings, tried even when a stem was found ("benchmrk" would back off to "bench"):
        // words one edit away, for words of five letters or more.
        if (token.length >= 5) {
          shards.forEach(function (d) {
            d.words.forEach(function (w, i) {
              if (editDistance1(token, w)) { hl[w] = 1; d.stemsOf[i].forEach(function (s) { addStem(s, (token.length - 1) / token.length, true); }); }
            });
          });
        }
      }
      return Promise.all(prefixStems.map(function (p) { return self.stemEntry(p.stem); })).then(function (entries) {
        // The most frequent stems among the completions, within a budget of postings (about
        // one list as long as the site for a short prefix or a compound head, two otherwise),
        // so that typing a word stays cheap in bytes.
        var seen = dict(), list = [];
        prefixStems.forEach(function (p, i) {
          if (entries[i] && !(p.stem in stems) && !seen[p.stem]) { seen[p.stem] = 1; list.push({ stem: p.stem, df: entries[i].df, head: p.head }); }
        });
        list.sort(function (a, b) { return b.df - a.df || (a.stem < b.stem ? -1 : 1); });
        var budget = (token.length <= 3 || !prefix ? 1 : 2) * self.m.n, used = 0;
        for (var k = 0; k < list.length && k < MAX_PREFIX_STEMS; k++) {
          if (k > 0 && used + list[k].df > budget) break;
          addStem(list[k].stem, 0.8, list[k].head); used += list[k].df;
        }
        // Highlight every indexed word of the chosen stems (the stem group).
        shards.forEach(function (d) {
          d.words.forEach(function (w, i) {
            if (d.stemsOf[i].some(function (s) { return s in stems; })) hl[w] = 1;
          });
        });
        return { token: token, prefix: complete, stems: stems, highlight: Object.keys(hl) };
      });
    });
  };

  Index.prototype.attributes = function () {
    var self = this;
    return load(this.root, this.lang, "a", 0).then(function (a) {
      if (!a.tagDocs) {
        a.tagDocs = dict();
        a.g.forEach(function (e) { a.tagDocs[e[0]] = decodeDocs(e[1]); });
      }
      return a;
    });
  };

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  // Runs a query on this index: [{index, doc, score, section}], best first.
  // filters: {type, severity, tag, nativeOnly}
  Index.prototype.search = function (query, filters) {
    var self = this;
    return this.ready().then(function () {
      var tokens = words(query, self.m.fold);
      if (!tokens.length) return { hits: [], total: 0, highlight: [] };
      var prefixLast = !/\s$/.test(query);
      var heads = COMPOUNDING[self.lang.split("-")[0].toLowerCase()] === 1;
      var needAttrs = filters.type || filters.severity || filters.tag || filters.nativeOnly;
      return Promise.all([
        Promise.all(tokens.map(function (t, i) { return self.expand(t, prefixLast && i === tokens.length - 1, heads); })),
        needAttrs ? self.attributes() : Promise.resolve(null)
      ]).then(function (r) {
        var expansions = r[0], attrs = r[1];
        var stemList = [];
        expansions.forEach(function (e) { Object.keys(e.stems).forEach(function (s) { if (stemList.indexOf(s) < 0) stemList.push(s); }); });
        return Promise.all(stemList.map(function (s) { return self.docsOf(s); })).then(function (lists) {
          var byStem = dict();
          stemList.forEach(function (s, i) { byStem[s] = lists[i]; });
          var ranked = self.rank(tokens, expansions, byStem, attrs, filters);
          return { hits: ranked.hits, total: ranked.total, highlight: collectHighlight(expansions), expansions: expansions };
        });
      });
    });
  };

  function collectHighlight(expansions) {
    var out = [];
    expansions.forEach(function (e) { e.highlight.forEach(function (w) { if (out.indexOf(w) < 0) out.push(w); }); });
    return out;
  }

  var TOP = 200;  // hits kept per index (the count covers all of them)
  var FALLBACK = 0.8;  // a fallback copy ranks below a native page of the same strength
  var COVER = 2;  // score × (share of the query's weight matched)^COVER, see rank
  // score × (1 + PROMINENCE × level): a page twice as often referred to by other pages (two
  // levels, see Prominence in the index) scores 2% more — enough to order pages that match
  // equally (jq and jello for "json processor"), far too little to lift a weaker match.
  var PROMINENCE = 0.01;

  // Scores every document the query words reach. Per word: the best of its stems,
  // quality × (impact + EXACT if the stem is the word's own), times the word's weight (idf of
  // its most frequent own stem: a rare completion is not worth more than the word typed). Per
  // document: the sum over the words it matches — partial matches are listed and ranked by the
  // weight of what they match, so the page with the rare decisive word beats pages with the
  // function words — times 1 + s², s the share of the query's weight its title holds, plus s
  // when the title holds two query words or more (one word in a title is weak evidence: `disk`
  // in "az disk" against "Disk usage" in du's description); unless the title holds two query
  // words, times c², c the share of the query's weight the page matches at all (a page titled
  // with one of the words, `osv-scanner`, does not outrank the page whose description has them
  // all, "port scanner" in nmap's); times 1 + PROMINENCE × the page's prominence level (how
  // many other pages refer to it); equal scores in document order, which puts the more
  // referred-to pages and those of broader sections first. Typed arrays only: this runs on each keystroke over up to
  // tens of thousands of postings.
  Index.prototype.rank = function (tokens, expansions, byStem, attrs, filters) {
    var n = this.m.n, nf = this.m.nf == null ? n : this.m.nf;
    var score = new Float64Array(n), cover = new Float64Array(n), titleCover = new Float64Array(n), titleWords = new Uint8Array(n), matched = new Uint8Array(n), touched = [];
    var allowed = attrs ? this.filter(attrs, filters) : null, prominence = this.prominence;
    var weights = expansions.map(function (e) {
      var dfExact = 0, dfAny = 0;
      Object.keys(e.stems).forEach(function (stem) {
        var p = byStem[stem];
        if (!p) return;
        if (e.stems[stem].exact) dfExact = Math.max(dfExact, p.n); else dfAny = Math.max(dfAny, p.n);
      });
      return dfExact || dfAny ? idf(n, dfExact || dfAny) : 0;
    });
    var totalWeight = 0;
    weights.forEach(function (w) { totalWeight += w; });
    var perWord = expansions.map(function (e, wi) {
      var best = new Float64Array(n), sec = new Int32Array(n), title = new Uint8Array(n), hit = [];
      Object.keys(e.stems).forEach(function (stem) {
        var p = byStem[stem];
        if (!p) return;
        var st = e.stems[stem], add = st.exact ? EXACT : 0;
        var docs = p.docs, impact = p.impact, section = p.section;
        for (var k = 0; k < p.n; k++) {
          var d = docs[k], s = st.q * (impact[k] + add);
          if (best[d] === 0) hit.push(d);
          if (s > best[d]) { best[d] = s; sec[d] = section[k]; }
          if (impact[k] >= TITLE_TIER) title[d] = 1;
        }
      });
      var w = weights[wi];
      for (var i = 0; i < hit.length; i++) {
        var d = hit[i];
        if (allowed && !allowed(d)) continue;
        if (!matched[d]) touched.push(d);
        matched[d]++;
        score[d] += w * best[d] / (MAX_IMPACT + EXACT);
        cover[d] += w;
        if (title[d]) { titleCover[d] += w; titleWords[d]++; }
      }
      return { best: best, sec: sec, weight: w };
    });
    var list = touched;
    for (var i = 0; i < list.length; i++) {
      var d = list[i], tw = totalWeight > 0 ? totalWeight : 1;
      var t = titleCover[d] / tw;
      score[d] *= (1 + t * t + (titleWords[d] >= 2 ? t : 0)) * (d >= nf ? FALLBACK : 1) * (titleWords[d] >= 2 ? 1 : Math.pow(cover[d] / tw, COVER)) *
        (1 + PROMINENCE * prominence[d]);
    }
    var total = list.length;
    if (list.length > TOP) {  // keep the best TOP without sorting everything
      var scores = new Float64Array(list.length);
      for (i = 0; i < list.length; i++) scores[i] = score[list[i]];
      scores.sort();
      var cut = scores[scores.length - TOP];
      list = list.filter(function (d) { return score[d] >= cut; });
    }
    var self = this;
    return {
      total: total,
      hits: list.map(function (d) {
        // The deep link: the section the query words weigh most in (0: the top of the page).
        var secs = [], votes = [];
        perWord.forEach(function (pw) {
          var s = pw.sec[d], v = pw.weight * pw.best[d] - (s === 0 ? 1e-9 : 0);
          if (pw.best[d] === 0) return;
          var j = secs.indexOf(s);
          if (j < 0) { secs.push(s); votes.push(v); } else votes[j] += v;
        });
        var section = 0, top = -Infinity;
        for (var j = 0; j < secs.length; j++) if (votes[j] > top || (votes[j] === top && secs[j] < section)) { top = votes[j]; section = secs[j]; }
        var words = [];
        perWord.forEach(function (pw, wi) { if (pw.best[d] > 0) words.push(tokens[wi]); });
        return { index: self, doc: d, score: score[d], section: section, words: words };
      }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; })
    };
  };

  Index.prototype.filter = function (attrs, filters) {
    var m = this.m, lang = this.lang;
    var typeIndex = -1, sevIndex = -1, langIndex = -1, tagSet = null;
    if (filters.type) typeIndex = m.types.map(function (t) { return t[0]; }).indexOf(filters.type);
    if (filters.severity) sevIndex = m.sev.indexOf(filters.severity) + 1;
    if (filters.nativeOnly) langIndex = m.langs.map(function (l) { return l[0]; }).indexOf(lang);
    if (filters.tag) { tagSet = dict(); (attrs.tagDocs[filters.tag] || []).forEach(function (d) { tagSet[d] = 1; }); }
    function at(column, width, d) {
      var v = 0;
      for (var k = 0; k < width; k++) v = v * 64 + DIGIT[column[d * width + k]];
      return v;
    }
    return function (d) {
      if (filters.type && at(attrs.y, attrs.yw, d) !== typeIndex) return false;
      if (filters.severity && at(attrs.v, attrs.vw, d) !== sevIndex) return false;
      if (filters.nativeOnly && at(attrs.l, attrs.lw, d) !== langIndex) return false;
      if (tagSet && !tagSet[d]) return false;
      return true;
    };
  };

  // Result data comes `dg` documents to a file (fewer files to write and to copy).
  Index.prototype.fragment = function (d) {
    var per = this.m.dg || 1;
    return load(this.root, this.lang, "d", Math.floor(d / per)).then(function (group) { return group[d % per]; });
  };

  // ---- Results -------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Appends text to parent with the highlighted words in <mark>; returns whether any matched.
  function appendMarked(parent, text, fold, isHit) {
    var last = 0, any = false;
    scanWords(text, fold, function (s, e, w) {
      if (!isHit(w)) return;
      if (s > last) parent.appendChild(doc.createTextNode(text.slice(last, s)));
      parent.appendChild(el("mark", null, text.slice(s, e)));
      last = e; any = true;
    });
    if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
    return any;
  }

  function hitTest(highlight, prefixes) {
    var set = dict();
    highlight.forEach(function (w) { set[w] = 1; });
    return function (w) {
      if (set[w]) return true;
      for (var i = 0; i < prefixes.length; i++) if (w.lastIndexOf(prefixes[i], 0) === 0) return true;
      return false;
    };
  }

  // A window of about `size` characters of text around its matched words (starting a little
  // before the first, moved on to hold as many distinct ones as it can): {text, hits}, or null
  // when the text has none.
  function snippetText(text, fold, isHit, size) {
    var at = [];
    scanWords(text, fold, function (s, e, w) { if (isHit(w)) at.push({ s: s, w: w }); });
    if (!at.length) return null;
    var bestStart = at[0].s, bestHits = 0;
    for (var i = 0; i < at.length; i++) {
      var seen = dict(), n = 0;
      for (var j = i; j < at.length && at[j].s < at[i].s + size * 2 / 3; j++) if (!seen[at[j].w]) { seen[at[j].w] = 1; n++; }
      if (n > bestHits) { bestHits = n; bestStart = at[i].s; }
    }
    var first = bestStart;
    var start = Math.max(0, first - Math.floor(size / 3));
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < first ? sp + 1 : start; }
    var end = Math.min(text.length, start + size);
    if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > first) end = sp2; }
    var out = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length && text.slice(end).trim() !== "…" ? "…" : "");
    return { text: out, hits: bestHits };
  }

  function formatCount(ui, n) {
    var forms = ui.results || {}, cat = "other";
    try { cat = new Intl.PluralRules(ui.locale || "en").select(n); } catch (e) {}
    var t = forms[cat] || forms.other || "{count}";
    return t.replace("{count}", String(n));
  }

  // ---- The widget (header box and search page) -----------------------------------------------
  var uid = 0;
  function Widget(box) {
    this.box = box;
    this.full = box.getAttribute("data-search") === "page";
    this.root = box.getAttribute("data-root") || "";
    this.lang = box.getAttribute("data-lang") || "en";
    this.input = box.querySelector("input.search-input");
    this.list = box.querySelector(".search-results");
    this.status = box.querySelector(".search-status");
    this.panel = box.querySelector(".search-panel");
    this.more = box.querySelector(".search-more a");
    this.filters = {};
    this.active = -1;
    this.options = [];
    this.seq = 0;
    this.limit = this.full ? 30 : 8;
    this.moreButton = box.querySelector("button.search-show-more");
    if (this.moreButton) {
      this.moreButton.addEventListener("click", function () {
        self.limit += 30;
        self.show(self.hits, self.total, self.highlight, self.manifest, self.input.value, self.prefixes);
      });
    }
    // The dropdown shows how many pages matched (the status line says it to screen readers).
    this.count = null;
    if (!this.full && this.panel) {
      this.count = el("p", "search-count");
      this.count.setAttribute("aria-hidden", "true");
      this.panel.insertBefore(this.count, this.panel.firstChild);
    }
    this.id = "pb-search-" + (++uid);
    var self = this;
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, 60);
    });
    this.input.addEventListener("keydown", function (e) { self.key(e); });
    this.input.addEventListener("focus", function () {
      getIndex(self.root, self.lang).ready().catch(function () {});  // the manifest, before the first key
      if (self.options.length && !self.full) self.open(true);
    });
    if (!this.full) {
      doc.addEventListener("click", function (e) { if (!self.box.contains(e.target)) self.open(false); });
    }
    box.querySelectorAll("select[data-filter]").forEach(function (s) {
      self.filters[s.getAttribute("data-filter")] = s;
      s.addEventListener("change", function () { self.run(); });
    });
    if (this.full) this.setupPage();
    // Loaded on first use (site.js): the reader may already be in the box, and have typed.
    else if (doc.activeElement === this.input) {
      getIndex(this.root, this.lang).ready().catch(function () {});
      if (this.input.value) this.run();
    }
  }

  Widget.prototype.setupPage = function () {
    var self = this, index = getIndex(this.root, this.lang);
    var q = new URLSearchParams(location.search).get("q") || "";
    this.input.value = q;
    index.ready().then(function () {
      var m = index.m;
      function fill(select, values) {
        if (!select) return;
        values.forEach(function (v) { var o = el("option", null, v[1]); o.value = v[0]; select.appendChild(o); });
      }
      fill(self.filters.type, m.types.filter(function (t) { return t[0]; }));
      fill(self.filters.severity, m.sev.map(function (s) { return [s, s]; }));
      fill(self.filters.tag, m.tags.map(function (t) { return [t, t]; }));
      if (self.filters.language) {
        fill(self.filters.language, m.langs.map(function (l) { return [l[0], l[1]]; }));
        fill(self.filters.language, [["*", m.ui.search_all_languages || "*"]]);
        self.filters.language.value = self.lang;
      }
      var p = new URLSearchParams(location.search);
      ["type", "severity", "tag", "language"].forEach(function (f) {
        if (p.get(f) && self.filters[f]) self.filters[f].value = p.get(f);
      });
      if (self.input.value) self.run();
    });
  };

  Widget.prototype.filterValues = function () {
    var f = {};
    var self = this;
    ["type", "severity", "tag", "language"].forEach(function (k) { f[k] = self.filters[k] ? self.filters[k].value : ""; });
    return f;
  };

  Widget.prototype.open = function (yes) {
    if (this.panel) this.panel.hidden = !yes;
    this.input.setAttribute("aria-expanded", yes && this.options.length ? "true" : "false");
    if (!yes) this.select(-1);
  };

  Widget.prototype.run = function () {
    var self = this, query = this.input.value, seq = ++this.seq;
    var f = this.filterValues();
    if (this.full) this.updateURL(query, f);
    // One letter is not a query yet (it would match too much to be worth the bytes).
    if (words(query, FOLD0 || defaultFold()).join("").length < 2) { this.show([], 0, [], null, query); return; }
    var langs = [this.lang];
    var home = getIndex(this.root, this.lang);
    if (f.language === "*") langs = null;
    else if (f.language) langs = [f.language];
    var started = this.started = performance.now();
    home.ready().then(function () {
      if (!langs) langs = home.m.langs.map(function (l) { return l[0]; });
      var filters = { type: f.type, severity: f.severity, tag: f.tag, nativeOnly: langs.length > 1 };
      return Promise.all(langs.map(function (l) { return getIndex(self.root, l).search(query, filters); }));
    }).then(function (results) {
      if (seq !== self.seq) return;
      var hits = [], highlight = [], prefixes = [], total = 0;
      results.forEach(function (r) {
        hits = hits.concat(r.hits);
        total += r.total;
        r.highlight.forEach(function (w) { if (highlight.indexOf(w) < 0) highlight.push(w); });
        (r.expansions || []).forEach(function (e) { if (e.prefix && prefixes.indexOf(e.token) < 0) prefixes.push(e.token); });
      });
      hits.sort(function (a, b) { return b.score - a.score || (a.index.lang < b.index.lang ? -1 : a.index.lang > b.index.lang ? 1 : a.doc - b.doc); });
      self.lastMs = performance.now() - started;
      self.show(hits, total, highlight, home.m, query, prefixes);
    }).catch(function (e) {
      if (seq !== self.seq) return;
      self.status.textContent = String(e && e.message || e);
    });
  };

  Widget.prototype.updateURL = function (query, f) {
    try {
      var p = new URLSearchParams();
      if (query) p.set("q", query);
      ["type", "severity", "tag"].forEach(function (k) { if (f[k]) p.set(k, f[k]); });
      if (f.language && f.language !== this.lang) p.set("language", f.language);
      var s = p.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    } catch (e) {}
  };

  Widget.prototype.show = function (hits, total, highlight, m, query, prefixes) {
    var self = this, seq = this.seq;
    var ui = m ? m.ui : {};
    this.hits = hits;
    this.total = total;
    this.highlight = highlight; this.manifest = m; this.prefixes = prefixes;
    if (this.moreButton) this.moreButton.hidden = true;
    if (this.more) {
      this.more.href = this.root + this.lang + "/search/index.html" + (query ? "?q=" + encodeURIComponent(query) : "");
    }
    if (!m) {
      this.list.textContent = ""; this.options = []; this.status.textContent = ""; this.open(false);
      return;
    }
    this.status.textContent = total ? formatCount(ui, total) : (ui.no_results || "0");
    if (this.count) this.count.textContent = this.status.textContent;
    this.status.setAttribute("data-count", String(total));
    var top = hits.slice(0, this.limit);
    Promise.all(top.map(function (h) { return h.index.fragment(h.doc); })).then(function (frags) {
      if (seq !== self.seq) return;
      self.list.textContent = "";
      self.options = [];
      self.active = -1;
      var isHit = hitTest(highlight, prefixes || []);
      top.forEach(function (h, i) {
        var o = self.option(h, frags[i], ui, isHit, highlight, h.index.m);
        o.id = self.id + "-opt-" + i;
        self.list.appendChild(o);
        self.options.push(o);
      });
      self.open(true);
      if (self.moreButton) self.moreButton.hidden = hits.length <= top.length;
      // Time from the query to the results on screen (read by the benchmark).
      self.lastTotalMs = performance.now() - self.started;
      self.box.setAttribute("data-ready", String(seq));
    });
  };

  Widget.prototype.option = function (h, f, ui, isHit, highlight, m) {
    var fold = m.fold;
    // ARIA 1.2 combobox: each result is an option of the listbox, and the link itself is that
    // option (a link inside an option would nest one control in another).
    var section = h.section > 0 ? f.s[h.section - 1] : null;
    var href = this.root + f.u + "index.html";
    if (highlight.length) href += "?highlight=" + encodeURIComponent(highlight.slice(0, 20).join(" "));
    if (section && section[0]) href += "#" + section[0];
    var a = el("a", "search-result search-result-link");
    a.href = href;
    a.tabIndex = -1;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.setAttribute("data-doc", h.index.lang + "/" + h.doc);
    var title = el("span", "search-result-title");
    appendMarked(title, f.t, fold, isHit);
    a.appendChild(title);
    var typeName = "";
    m.types.forEach(function (t) { if (t[0] === f.y) typeName = t[1]; });
    var crumbs = [];
    if (typeName) crumbs.push(typeName);
    if (section && section[1]) crumbs.push(section[1]);
    if (f.v) crumbs.push(f.v);
    var meta = el("span", "search-result-section", crumbs.join(" › "));
    a.appendChild(meta);
    var contentLang = f.l || h.index.lang;
    if (f.l || h.index.lang !== this.lang) {
      var name = contentLang;
      m.langs.forEach(function (l) { if (l[0] === contentLang) name = l[1]; });
      var badge = el("span", "search-result-badge", f.l ? (ui.fallback_badge || "{language}").replace("{language}", name) : name);
      a.appendChild(badge);
    }
    // The snippet: the window of shipped text (section starts, the summary) with the most
    // distinct matched words, the best section's first on a tie. The index ships only the start
    // of each section; when no shipped text has a matched word, the words the page matched
    // follow the text, highlighted, so every result says why it is there.
    var texts = [];
    if (section) texts.push(section[2]);
    f.s.forEach(function (s) { if (s !== section) texts.push(s[2]); });
    texts.push(f.m);
    var snip = null;
    for (var i = 0; i < texts.length; i++) {
      var c = texts[i] ? snippetText(texts[i], fold, isHit, 180) : null;
      if (c && (!snip || c.hits > snip.hits)) snip = c;
    }
    var p = el("span", "search-result-snippet");
    if (snip) appendMarked(p, snip.text, fold, isHit);
    else {
      var plain = (section && section[2]) || f.m || "";
      p.appendChild(doc.createTextNode(plain.length > 120 ? plain.slice(0, 120) + "… " : plain + " "));
      (h.words || []).forEach(function (w, k) {
        if (k > 0) p.appendChild(doc.createTextNode(" · "));
        p.appendChild(el("mark", null, w));
      });
    }
    a.appendChild(p);
    var locale = contentLang;
    m.langs.forEach(function (l) { if (l[0] === contentLang) locale = l[2]; });
    if (contentLang !== this.lang) a.setAttribute("lang", locale);
    var self = this;
    a.addEventListener("mousemove", function () { self.select(self.options.indexOf(a), true); });
    return a;
  };

  Widget.prototype.select = function (i, noScroll) {
    if (this.active >= 0 && this.options[this.active]) this.options[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i >= 0 && this.options[i]) {
      this.options[i].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", this.options[i].id);
      if (!noScroll && this.options[i].scrollIntoView) this.options[i].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Widget.prototype.key = function (e) {
    var n = this.options.length;
    if (e.key === "ArrowDown" || e.key === "Down") {
      if (!n) return;
      e.preventDefault();
      this.open(true);
      this.select(this.active + 1 >= n ? 0 : this.active + 1);
    } else if (e.key === "ArrowUp" || e.key === "Up") {
      if (!n) return;
      e.preventDefault();
      this.select(this.active <= 0 ? n - 1 : this.active - 1);
    } else if (e.key === "Enter") {
      if (this.active >= 0 && this.options[this.active]) {
        e.preventDefault();
        location.href = this.options[this.active].href;
      }
    } else if (e.key === "Escape" || e.key === "Esc") {
      e.preventDefault();
      if (!this.full && this.panel && !this.panel.hidden) { this.open(false); }
      else if (this.input.value) { this.input.value = ""; this.run(); }
      else this.input.blur();
    }
  };

  // ---- Highlight on arrival (?highlight=…) -----------------------------------------------------
  function highlightPage() {
    var q;
    try { q = new URLSearchParams(location.search).get("highlight"); } catch (e) { return; }
    if (!q) return;
    var wanted = dict();
    q.split(/\s+/).forEach(function (w) { if (w) wanted[w] = 1; });
    var main = doc.querySelector("main .prose") || doc.querySelector("main");
    if (!main) return;
    var fold = FOLD0 || defaultFold();
    var walker = doc.createTreeWalker(main, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) {
      var p = walker.currentNode.parentNode;
      if (p && /^(SCRIPT|STYLE|MARK)$/.test(p.nodeName)) continue;
      nodes.push(walker.currentNode);
    }
    var isHit = function (w) { return wanted[w] === 1; };
    nodes.forEach(function (node) {
      var text = node.nodeValue, any = false;
      scanWords(text, fold, function (s, e, w) { if (isHit(w)) any = true; });
      if (!any) return;
      var frag = doc.createDocumentFragment();
      appendMarked(frag, text, fold, isHit);
      node.parentNode.replaceChild(frag, node);
    });
    doc.documentElement.classList.add("search-highlighted");
  }
  // The fold table, built from Unicode decomposition, for pages that have not loaded a manifest.
  var DEFAULT_FOLD = null;
  function defaultFold() {
    if (DEFAULT_FOLD) return DEFAULT_FOLD;
    var t = [], special = { 0xc6: "ae", 0xd0: "d", 0xd8: "o", 0xde: "th", 0xdf: "ss", 0xe6: "ae", 0xf0: "d", 0xf8: "o", 0xfe: "th",
      0x110: "d", 0x111: "d", 0x126: "h", 0x127: "h", 0x131: "i", 0x132: "ij", 0x133: "ij", 0x138: "k", 0x13f: "l", 0x140: "l",
      0x141: "l", 0x142: "l", 0x149: "n", 0x14a: "n", 0x14b: "n", 0x152: "oe", 0x153: "oe", 0x166: "t", 0x167: "t" };
    for (var c = 0xc0; c < 0x180; c++) {
      if (c === 0xd7 || c === 0xf7 || c === 0x17f) { t.push(""); continue; }  // as TextFold: not letters
      t.push(special[c] || String.fromCharCode(c).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase());
    }
    return (DEFAULT_FOLD = t);
  }

  // ---- Start ---------------------------------------------------------------------------------
  function start() {
    if (PS.widgets) return;  // included twice
    var widgets = [];
    doc.querySelectorAll("[data-search]").forEach(function (box) { widgets.push(new Widget(box)); });
    highlightPage();
    PS.widgets = widgets;
    PS.defaultFold = defaultFold;  // checked against the index's table by the browser tests
    PS.index = getIndex;  // ranking without the widget, for scripts that inspect scores
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
