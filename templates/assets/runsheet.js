// Checklists that can be ticked, and the incident run sheet. Everything stays in this browser
// (localStorage, never sent anywhere). Pages opened from file:// may not share storage (Firefox
// gives each file its own by default), so there the state also travels in the links between
// pages (?pbrun=…) and is merged on arrival: nothing ticked on one page is lost on the next.
// State: {c: {checklist: {index: [done, changedAt]}}, i: incident or null, x: last "start over"}.
// Incident: {id, t0, ms: {milestone: [time, changedAt]}, k: {"step.index": [time, changedAt]},
// n: {step: [note, changedAt]}}. Times are epoch milliseconds; a later change wins a merge.
(function () {
  "use strict";
  var doc = document, me = doc.currentScript, KEY = "playbook-runsheet", PARAM = "pbrun";
  var MILESTONES = ["started", "detected", "mitigated", "resolved"];
  var canStore = true, state = load(), sheet = doc.getElementById("pb-runsheet");
  var listKey = me && me.getAttribute("data-checklist") || "";
  var stepNo = sheet && sheet.getAttribute("data-step");
  if (!stepNo && /^step-\d$/.test(listKey)) stepNo = listKey.slice(5);
  var boxes = listKey ? [].slice.call(doc.querySelectorAll(".prose .task-box")) : [];

  function now() { return Date.now(); }
  function empty() { return { c: {}, i: null, x: 0 }; }
  function read() {
    try { var s = JSON.parse(localStorage.getItem(KEY)); return s && typeof s === "object" ? s : null; } catch (e) { canStore = false; return null; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { canStore = false; }
  }
  function later(a, b) { return !a ? b : !b ? a : (b[1] > a[1] ? b : a); }
  function mergeMap(a, b) {
    var out = {}, k;
    a = a || {}; b = b || {};
    for (k in a) out[k] = a[k];
    for (k in b) out[k] = later(out[k], b[k]);
    return out;
  }
  // The union of two states: per entry the later change; of two incidents the newer one, and
  // none at all if "start over" came after it started.
  function merge(a, b) {
    a = a || empty(); b = b || empty();
    var s = { c: {}, i: null, x: Math.max(a.x || 0, b.x || 0) }, k;
    for (k in a.c || {}) s.c[k] = a.c[k];
    for (k in b.c || {}) s.c[k] = mergeMap(s.c[k], b.c[k]);
    var p = a.i, q = b.i;
    if (p && q && p.id === q.id) s.i = { id: p.id, t0: p.t0, ms: mergeMap(p.ms, q.ms), k: mergeMap(p.k, q.k), n: mergeMap(p.n, q.n) };
    else s.i = !p ? q : !q ? p : (q.t0 > p.t0 ? q : p);
    if (s.i && s.i.t0 <= s.x) s.i = null;
    return s;
  }
  function load() {
    var s = merge(read(), fromURL());
    return s;
  }
  function encode(s) {
    return btoa(unescape(encodeURIComponent(JSON.stringify(s)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromURL() {
    var m = /[?&]pbrun=([A-Za-z0-9_-]+)/.exec(location.search);
    if (!m) return null;
    try {
      var s = JSON.parse(decodeURIComponent(escape(atob(m[1].replace(/-/g, "+").replace(/_/g, "/")))));
      // Keep the address clean (a bookmark must not bring an old state back).
      try { history.replaceState(null, "", location.href.replace(/([?&])pbrun=[^&#]*&?/, "$1").replace(/[?&](#|$)/, "$1")); } catch (e) {}
      return s && typeof s === "object" ? s : null;
    } catch (e) { return null; }
  }
  var hasState = function () { return !!state.i || state.x > 0 || Object.keys(state.c).length > 0; };
  // Where storage may not be shared between pages, links carry the state.
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || !(location.protocol === "file:" || !canStore) || !hasState()) return;
    var href = a.getAttribute("href");
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href) || a.hasAttribute("download")) return;
    var hash = href.indexOf("#"), tail = hash < 0 ? "" : href.slice(hash);
    var base = (hash < 0 ? href : href.slice(0, hash)).replace(/([?&])pbrun=[^&]*&?/, "$1").replace(/[?&]$/, "");
    a.setAttribute("href", base + (base.indexOf("?") < 0 ? "?" : "&") + PARAM + "=" + encode(state) + tail);
  }, true);
  save();

  // --- checklists -------------------------------------------------------------------------
  function live() { return !!(state.i && stepNo && listKey === "step-" + stepNo); }
  function entry(i) { return live() ? state.i.k[stepNo + "." + i] : (state.c[listKey] || {})[i]; }
  function setEntry(i, done) {
    var t = now();
    if (live()) state.i.k[stepNo + "." + i] = [done ? t : null, t];
    else (state.c[listKey] = state.c[listKey] || {})[i] = [done ? 1 : 0, t];
    save();
  }
  function timeLabel(ms) {
    return new Date(ms).toLocaleTimeString(sheetAttr("locale") || undefined, { hour: "2-digit", minute: "2-digit" });
  }
  function showBoxes() {
    boxes.forEach(function (box, i) {
      var e = entry(i), li = box.closest("li"), old = li && li.querySelector(":scope > .task-time, :scope > p > .task-time");
      box.checked = e ? !!e[0] : box.defaultChecked;
      if (old) old.parentNode.removeChild(old);
      if (live() && e && e[0] && box.parentNode) {
        var t = doc.createElement("time");
        t.className = "task-time";
        t.dateTime = new Date(e[0]).toISOString();
        t.textContent = timeLabel(e[0]);
        box.parentNode.parentNode.insertBefore(t, box.parentNode.nextSibling);
      }
    });
  }
  if (boxes.length) {
    var lists = [];
    boxes.forEach(function (box, i) {
      box.setAttribute("data-index", i);
      var list = box.closest("ul, ol");
      if (list && lists.indexOf(list) < 0) lists.push(list);
    });
    lists.forEach(function (list) {
      var p = doc.createElement("p"), b = doc.createElement("button");
      p.className = "checklist-hint";
      p.textContent = (me.getAttribute("data-t-kept") || "") + " ";
      b.type = "button";
      b.className = "button-quiet";
      b.textContent = me.getAttribute("data-t-clear") || "Clear";
      b.addEventListener("click", function () {
        boxes.forEach(function (box, i) { if (box.closest("ul, ol") === list) setEntry(i, false); });
        showBoxes(); render();
      });
      p.appendChild(b);
      list.parentNode.insertBefore(p, list.nextSibling);
    });
    doc.addEventListener("change", function (ev) {
      var box = ev.target;
      if (!box.classList || !box.classList.contains("task-box")) return;
      setEntry(+box.getAttribute("data-index"), box.checked);
      showBoxes(); render();
    });
    showBoxes();
  }
  // Another tab changed the state (same storage): show it.
  window.addEventListener("storage", function (ev) {
    if (ev.key !== KEY) return;
    state = merge(state, read()); showBoxes(); render();
  });

  // --- run sheet ----------------------------------------------------------------------------
  function sheetAttr(name) { return sheet ? sheet.getAttribute("data-" + name) : null; }
  function t(key, args) {
    var s = sheetAttr("t-" + key) || key;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return args && k in args ? args[k] : m; });
  }
  function steps() {
    return [].slice.call(sheet.querySelectorAll(".runsheet-steps li")).map(function (li) {
      var tasks = sheet.querySelector(".runsheet-tasks li[data-step='" + li.getAttribute("data-step") + "']");
      return { step: li.getAttribute("data-step"), title: li.getAttribute("data-title"), url: li.getAttribute("data-url"),
               total: +li.getAttribute("data-total"), tasks: tasks ? [].map.call(tasks.children, function (s) { return s.textContent; }) : null };
    });
  }
  function doneIn(step, total) {
    var n = 0;
    for (var i = 0; i < total; i++) { var e = state.i.k[step + "." + i]; if (e && e[0]) n++; }
    return n;
  }
  function firstOpen(step, total) {
    for (var i = 0; i < total; i++) { var e = state.i.k[step + "." + i]; if (!e || !e[0]) return i; }
    return -1;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // ISO 8601 in the browser's zone: 2024-03-05T09:12:00+01:00.
  function iso(ms) {
    if (ms == null) return null;
    var d = new Date(ms), off = -d.getTimezoneOffset(), a = Math.abs(off);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" +
      pad(d.getSeconds()) + (off < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
  }
  function when(ms) {
    return new Date(ms).toLocaleString(sheetAttr("locale") || undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }
  function elapsed(ms) {
    var m = Math.max(0, Math.floor(ms / 60000));
    return t("elapsed", { h: Math.floor(m / 60), m: m % 60 });
  }
  function milestone(name) { var e = state.i.ms[name]; return e ? e[0] : null; }
  function field(name) { return sheet.querySelector("[data-rs-field='" + name + "']"); }
  function stepLabel(s) { return t("step", { step: s.step }) + " · " + s.title; }
  function message(text) { field("message").textContent = text; }

  // What comes next: on a step page its first unticked item, else the first unticked item of
  // the first step that has one.
  function next(all) {
    if (stepNo && boxes.length && sheet.hasAttribute("data-step")) {
      var open = boxes.filter(function (b) { return !b.checked; })[0];
      if (open) return { text: open.parentNode.textContent.trim(), href: null };
    }
    for (var j = 0; j < all.length; j++) {
      var s = all[j], i = firstOpen(s.step, s.total);
      if (i >= 0 && s.step !== stepNo) return { text: stepLabel(s) + (s.tasks ? ": " + s.tasks[i] : ""), href: s.url };
    }
    return null;
  }
  function render() {
    if (!sheet) return;
    sheet.hidden = false;
    sheet.classList.toggle("is-live", !!state.i);
    var cols = doc.querySelectorAll(".rs-col");
    [].forEach.call(cols, function (c) { c.hidden = !state.i; });
    if (!state.i) return;
    var all = steps(), done = 0, total = 0, started = milestone("started");
    all.forEach(function (s) {
      var d = doneIn(s.step, s.total);
      if (sheet.hasAttribute("data-overview") || s.step === stepNo) { done += d; total += s.total; }
      var cell = doc.querySelector(".rs-col[data-rs-step='" + s.step + "']");
      if (cell) cell.textContent = t("progress", { done: d, total: s.total });
    });
    field("since").textContent = t("since", { time: started != null ? when(started) : t("not-yet") });
    field("elapsed").textContent = started != null ? elapsed(now() - started) : "";
    field("progress").textContent = t("progress", { done: done, total: total });
    var n = next(all), slot = field("next");
    slot.textContent = "";
    if (!n) slot.textContent = t("all-done");
    else if (n.href) { var a = doc.createElement("a"); a.href = n.href; a.textContent = n.text; slot.appendChild(a); }
    else slot.textContent = n.text;
    [].forEach.call(sheet.querySelectorAll("[data-rs-milestone]"), function (input) {
      if (doc.activeElement === input) return;
      var v = milestone(input.getAttribute("data-rs-milestone"));
      input.value = v == null ? "" : iso(v).slice(0, 16);
    });
    var note = sheet.querySelector("[data-rs-note]");
    if (note && doc.activeElement !== note) { var e = state.i.n[stepNo]; note.value = e ? e[0] : ""; }
  }

  function incidentLog() {
    var log = { format: "playbook-incident-log", version: 1, language: sheetAttr("lang"), site: sheetAttr("site"), exported: iso(now()) };
    MILESTONES.forEach(function (m) { log[m] = iso(milestone(m)); });
    log.steps = steps().map(function (s) {
      var items = [], note = state.i.n[s.step];
      for (var i = 0; i < s.total; i++) {
        var e = state.i.k[s.step + "." + i];
        items.push({ text: s.tasks ? s.tasks[i] : "", done: !!(e && e[0]), at: e && e[0] ? iso(e[0]) : null });
      }
      return { step: +s.step, title: s.title, note: note ? note[0] : "", items: items };
    });
    return log;
  }
  function statusText() {
    var lines = [t("status-heading") + " · " + sheetAttr("site")], started = milestone("started");
    lines.push(t("started") + ": " + (started != null ? t("status-elapsed", { time: when(started), elapsed: elapsed(now() - started) }) : t("not-yet")));
    lines.push(MILESTONES.slice(1).map(function (m) { var v = milestone(m); return t(m) + ": " + (v != null ? when(v) : t("not-yet")); }).join(" · "));
    var all = steps();
    all.forEach(function (s) {
      var note = state.i.n[s.step];
      lines.push("- " + stepLabel(s) + ": " + t("progress", { done: doneIn(s.step, s.total), total: s.total }) + (note && note[0] ? " (" + note[0] + ")" : ""));
    });
    var n = next(all);
    lines.push(t("next") + ": " + (n ? n.text : t("all-done")));
    return lines.join("\n");
  }
  function download() {
    var log = incidentLog(), a = doc.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(log, null, 2) + "\n"], { type: "application/json" }));
    a.download = "incident-log-" + log.started.slice(0, 16).replace(/:/g, "") + ".json";
    doc.body.appendChild(a); a.click(); doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  function copy() {
    var area = field("status-text"), text = statusText();
    area.value = text; area.hidden = false;
    var fallback = function () {
      area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) {}
      message(ok ? t("copied") : t("copy-failed"));
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { message(t("copied")); }, fallback);
    else fallback();
  }
  function resume(file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var log = JSON.parse(reader.result), ms = {}, k = {}, n = {}, t0 = now();
        if (log.format !== "playbook-incident-log" || !Array.isArray(log.steps)) throw 0;
        MILESTONES.forEach(function (m) { var v = log[m] ? Date.parse(log[m]) : NaN; if (!isNaN(v)) ms[m] = [v, t0]; });
        if (!ms.started) throw 0;
        log.steps.forEach(function (s) {
          (s.items || []).forEach(function (it, i) { var v = it.at ? Date.parse(it.at) : NaN; if (it.done) k[s.step + "." + i] = [isNaN(v) ? t0 : v, t0]; });
          if (s.note) n[s.step] = [String(s.note), t0];
        });
        state.i = { id: "r" + t0, t0: t0, ms: ms, k: k, n: n };
        save(); showBoxes(); render();
      } catch (e) { message(t("resume-failed")); }
    };
    reader.readAsText(file);
  }
  if (sheet) {
    sheet.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) return;
      var action = b.getAttribute("data-rs"), stamp = b.getAttribute("data-rs-stamp"), t0 = now();
      if (action === "start") {
        state.i = { id: Math.random().toString(36).slice(2) + t0.toString(36), t0: t0, ms: { started: [t0, t0] }, k: {}, n: {} };
      } else if (action === "reset") {
        if (!window.confirm(t("reset-confirm"))) return;
        state.i = null; state.x = t0;
      } else if (action === "download") return download();
      else if (action === "copy") return copy();
      else if (stamp && state.i) state.i.ms[stamp] = [t0, t0];
      else return;
      save(); showBoxes(); render();
    });
    sheet.addEventListener("change", function (ev) {
      var el = ev.target, m = el.getAttribute("data-rs-milestone");
      if (el.getAttribute("data-rs") === "resume" && el.files && el.files[0]) return resume(el.files[0]);
      if (!m || !state.i) return;
      var v = el.value ? new Date(el.value).getTime() : null;  // datetime-local: the browser's zone
      state.i.ms[m] = [isNaN(v) ? null : v, now()];
      save(); render();
    });
    sheet.addEventListener("input", function (ev) {
      var el = ev.target;
      if (!el.hasAttribute("data-rs-note") || !state.i) return;
      state.i.n[stepNo] = [el.value, now()];
      save();
    });
    render();
    setInterval(render, 30000);
  }
})();
