// Checklists that can be ticked, and the start of the incident run sheet (runsheet-live.js
// draws it while an incident is live). Everything stays in this browser (localStorage, never
// sent anywhere). Pages opened from file:// may not share storage (Firefox gives each file its
// own by default), so there the state also travels in links between pages (?pbrun=…) and is
// merged on arrival. State: {c: {checklist: {index: [done, changedAt]}}, i: incident or null,
// x: last "start over"}; incident: {id, t0, ms: {milestone: [time, changedAt]},
// k: {"step.index": [time, changedAt]}, n: {step: [note, changedAt]}}; epoch milliseconds.
(function () {
  "use strict";
  var doc = document, me = doc.currentScript, KEY = "playbook-runsheet";
  var canStore = true, sheet = doc.getElementById("pb-runsheet");
  var listKey = me.getAttribute("data-checklist") || "";
  var stepNo = sheet && sheet.getAttribute("data-step") || (/^step-\d$/.test(listKey) ? listKey.slice(5) : null);
  var boxes = listKey ? [].slice.call(doc.querySelectorAll(".prose .task-box")) : [];
  var api = { sheet: sheet, stepNo: stepNo, boxes: boxes, now: Date.now, save: save, merge: merge, showBoxes: showBoxes, render: function () {} };

  function read() {
    try { var s = JSON.parse(localStorage.getItem(KEY)); return s && typeof s === "object" ? s : null; } catch (e) { canStore = false; return null; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(api.state)); } catch (e) { canStore = false; }
  }
  function later(a, b) { return !a ? b : !b ? a : (b[1] > a[1] ? b : a); }
  function mergeMap(a, b) {
    var out = {}, k;
    for (k in a || {}) out[k] = a[k];
    for (k in b || {}) out[k] = later(out[k], b[k]);
    return out;
  }
  // The union of two states: per entry the later change; of two incidents the newer one, and
  // none if "start over" came after it started.
  function merge(a, b) {
    a = a || {}; b = b || {};
    var s = { c: {}, i: null, x: Math.max(a.x || 0, b.x || 0) }, k, p = a.i, q = b.i;
    for (k in a.c || {}) s.c[k] = a.c[k];
    for (k in b.c || {}) s.c[k] = mergeMap(s.c[k], b.c[k]);
    if (p && q && p.id === q.id) s.i = { id: p.id, t0: p.t0, ms: mergeMap(p.ms, q.ms), k: mergeMap(p.k, q.k), n: mergeMap(p.n, q.n) };
    else s.i = !p ? q : !q ? p : (q.t0 > p.t0 ? q : p);
    if (s.i && s.i.t0 <= s.x) s.i = null;
    return s;
  }
  function fromURL() {
    var m = /[?&]pbrun=([A-Za-z0-9_-]+)/.exec(location.search);
    if (!m) return null;
    // Keep the address clean: a bookmark must not bring an old state back.
    try { history.replaceState(null, "", location.href.replace(/([?&])pbrun=[^&#]*&?/, "$1").replace(/[?&](#|$)/, "$1")); } catch (e) {}
    try { return JSON.parse(decodeURIComponent(escape(atob(m[1].replace(/-/g, "+").replace(/_/g, "/"))))); } catch (e) { return null; }
  }
  api.state = merge(read(), fromURL());
  save();
  // Where storage may not be shared between pages, the state goes with the link followed.
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]"), s = api.state;
    if (!a || !(location.protocol === "file:" || !canStore) || !(s.i || s.x || Object.keys(s.c).length)) return;
    var href = a.getAttribute("href");
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href) || a.hasAttribute("download")) return;
    var hash = href.indexOf("#"), tail = hash < 0 ? "" : href.slice(hash);
    var base = (hash < 0 ? href : href.slice(0, hash)).replace(/([?&])pbrun=[^&]*&?/, "$1").replace(/[?&]$/, "");
    var data = btoa(unescape(encodeURIComponent(JSON.stringify(s)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    a.setAttribute("href", base + (base.indexOf("?") < 0 ? "?" : "&") + "pbrun=" + data + tail);
  }, true);

  // Checklists: a step's ticks belong to the live incident, if any; otherwise to the page.
  function live() { return !!(api.state.i && stepNo && listKey === "step-" + stepNo); }
  function entry(i) { return live() ? api.state.i.k[stepNo + "." + i] : (api.state.c[listKey] || {})[i]; }
  function setEntry(i, done) {
    var t = Date.now(), s = api.state;
    if (live()) s.i.k[stepNo + "." + i] = [done ? t : null, t];
    else (s.c[listKey] = s.c[listKey] || {})[i] = [done ? 1 : 0, t];
    save();
  }
  function showBoxes() {
    boxes.forEach(function (box, i) {
      var e = entry(i), label = box.parentNode, old = label.nextSibling;
      box.checked = e ? !!e[0] : box.defaultChecked;
      if (old && old.className === "task-time") old.parentNode.removeChild(old);
      if (live() && e && e[0]) {
        var time = doc.createElement("time");
        time.className = "task-time";
        time.dateTime = new Date(e[0]).toISOString();
        time.textContent = new Date(e[0]).toLocaleTimeString(sheet && sheet.getAttribute("data-locale") || undefined, { hour: "2-digit", minute: "2-digit" });
        label.parentNode.insertBefore(time, label.nextSibling);
      }
    });
  }
  var lists = [];
  boxes.forEach(function (box, i) {
    box.setAttribute("data-index", i);
    var list = box.closest("ul, ol");
    if (list && lists.indexOf(list) < 0) lists.push(list);
  });
  lists.forEach(function (list) {
    var p = doc.createElement("p"), b = doc.createElement("button");
    p.className = "checklist-hint";
    p.textContent = me.getAttribute("data-t-kept") + " ";
    b.type = "button";
    b.className = "button-quiet";
    b.textContent = me.getAttribute("data-t-clear");
    b.addEventListener("click", function () {
      boxes.forEach(function (box, i) { if (box.closest("ul, ol") === list) setEntry(i, false); });
      showBoxes(); api.render();
    });
    p.appendChild(b);
    list.parentNode.insertBefore(p, list.nextSibling);
  });
  doc.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!box.classList.contains("task-box") || !box.hasAttribute("data-index")) return;
    setEntry(+box.getAttribute("data-index"), box.checked);
    showBoxes(); api.render();
  });
  showBoxes();
  // Another tab changed the state (same storage): show it.
  window.addEventListener("storage", function (ev) {
    if (ev.key !== KEY) return;
    api.state = merge(api.state, read()); showBoxes(); api.render();
  });

  // The run sheet: its script is loaded only while an incident is live (or one is started or
  // resumed), which keeps pages light the rest of the time.
  if (!sheet) return;
  var loaded = false, waiting = [];
  function withLive(fn) {
    if (loaded) return fn();
    waiting.push(fn);
    if (waiting.length > 1) return;
    window.PlaybookRunSheet = api;
    var s = doc.createElement("script");
    s.src = me.src.replace(/runsheet\.js([?#].*)?$/, "runsheet-live.js");
    s.onload = function () { loaded = true; waiting.forEach(function (f) { f(); }); waiting = []; };
    doc.body.appendChild(s);
  }
  sheet.hidden = false;
  sheet.addEventListener("click", function (ev) {
    if (!ev.target.closest("[data-rs=start]")) return;
    var t = Date.now();
    api.state.i = { id: Math.random().toString(36).slice(2) + t.toString(36), t0: t, ms: { started: [t, t] }, k: {}, n: {} };
    save(); showBoxes();
    withLive(function () { api.render(); });
  });
  sheet.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.getAttribute("data-rs") === "resume" && el.files && el.files[0]) withLive(function () { api.resume(el.files[0]); });
  });
  if (api.state.i) withLive(function () { api.render(); });
})();
