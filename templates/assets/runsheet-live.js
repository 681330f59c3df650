// The live incident run sheet (loaded by runsheet.js while an incident is live): progress,
// elapsed time, next item, milestones, step notes, the incident log and the status update.
(function () {
  "use strict";
  var api = window.PlaybookRunSheet, doc = document, sheet = api.sheet, stepNo = api.stepNo, boxes = api.boxes;
  var MILESTONES = ["started", "detected", "mitigated", "resolved"];

  function attr(name) { return sheet.getAttribute("data-" + name); }
  function t(key, args) {
    return (attr("t-" + key) || key).replace(/\{(\w+)\}/g, function (m, k) { return args && k in args ? args[k] : m; });
  }
  function inc() { return api.state.i; }
  function steps() {
    return [].map.call(sheet.querySelectorAll(".runsheet-steps li"), function (li) {
      var n = li.getAttribute("data-step"), tasks = sheet.querySelector(".runsheet-tasks li[data-step='" + n + "']");
      return { step: n, title: li.getAttribute("data-title"), url: li.getAttribute("data-url"), total: +li.getAttribute("data-total"),
               tasks: tasks ? [].map.call(tasks.children, function (s) { return s.textContent; }) : null };
    });
  }
  function tick(step, i) { var e = inc().k[step + "." + i]; return e && e[0]; }
  function doneIn(s) { var n = 0; for (var i = 0; i < s.total; i++) if (tick(s.step, i)) n++; return n; }
  function firstOpen(s) { for (var i = 0; i < s.total; i++) if (!tick(s.step, i)) return i; return -1; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // ISO 8601 in the browser's zone: 2024-03-05T09:12:00+01:00.
  function iso(ms) {
    if (ms == null) return null;
    var d = new Date(ms), off = -d.getTimezoneOffset(), a = Math.abs(off);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" +
      pad(d.getSeconds()) + (off < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
  }
  function when(ms) {
    return new Date(ms).toLocaleString(attr("locale") || undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }
  function elapsed(ms) { var m = Math.max(0, Math.floor(ms / 60000)); return t("elapsed", { h: Math.floor(m / 60), m: m % 60 }); }
  function milestone(name) { var e = inc().ms[name]; return e ? e[0] : null; }
  function field(name) { return sheet.querySelector("[data-rs-field='" + name + "']"); }
  function stepLabel(s) { return t("step", { step: s.step }) + " · " + s.title; }
  function message(text) { field("message").textContent = text; }
  function changed() { api.save(); api.showBoxes(); render(); }

  // What comes next: on a step page its first unticked item, else the first unticked item of
  // the first step that has one.
  function next(all) {
    var open = sheet.hasAttribute("data-step") && boxes.filter(function (b) { return !b.checked; })[0];
    if (open) return { text: open.parentNode.textContent.trim() };
    for (var j = 0; j < all.length; j++) {
      var s = all[j], i = firstOpen(s);
      if (i >= 0 && s.step !== stepNo) return { text: stepLabel(s) + (s.tasks ? ": " + s.tasks[i] : ""), href: s.url };
    }
    return null;
  }
  function render() {
    var live = !!inc();
    sheet.classList.toggle("is-live", live);
    [].forEach.call(doc.querySelectorAll(".rs-col"), function (c) { c.hidden = !live; });
    if (!live) return;
    var all = steps(), done = 0, total = 0, started = milestone("started");
    all.forEach(function (s) {
      var d = doneIn(s), cell = doc.querySelector(".rs-col[data-rs-step='" + s.step + "']");
      if (sheet.hasAttribute("data-overview") || s.step === stepNo) { done += d; total += s.total; }
      if (cell) cell.textContent = t("progress", { done: d, total: s.total });
    });
    field("since").textContent = t("since", { time: started != null ? when(started) : t("not-yet") });
    field("elapsed").textContent = started != null ? elapsed(Date.now() - started) : "";
    field("progress").textContent = t("progress", { done: done, total: total });
    var n = next(all), slot = field("next");
    slot.textContent = "";
    if (n && n.href) { var a = doc.createElement("a"); a.href = n.href; a.textContent = n.text; slot.appendChild(a); }
    else slot.textContent = n ? n.text : t("all-done");
    [].forEach.call(sheet.querySelectorAll("[data-rs-milestone]"), function (input) {
      var v = milestone(input.getAttribute("data-rs-milestone"));
      if (doc.activeElement !== input) input.value = v == null ? "" : iso(v).slice(0, 16);
    });
    var note = sheet.querySelector("[data-rs-note]"), e = inc().n[stepNo];
    if (note && doc.activeElement !== note) note.value = e ? e[0] : "";
  }

  function incidentLog() {
    var log = { format: "playbook-incident-log", version: 1, language: attr("lang"), site: attr("site"), exported: iso(Date.now()) };
    MILESTONES.forEach(function (m) { log[m] = iso(milestone(m)); });
    log.steps = steps().map(function (s) {
      var items = [], note = inc().n[s.step];
      for (var i = 0; i < s.total; i++) {
        var at = tick(s.step, i);
        items.push({ text: s.tasks ? s.tasks[i] : "", done: !!at, at: at ? iso(at) : null });
      }
      return { step: +s.step, title: s.title, note: note ? note[0] : "", items: items };
    });
    return log;
  }
  function statusText() {
    var started = milestone("started"), all = steps(), n = next(all);
    var lines = [t("status-heading") + " · " + attr("site"),
      t("started") + ": " + (started != null ? t("status-elapsed", { time: when(started), elapsed: elapsed(Date.now() - started) }) : t("not-yet")),
      MILESTONES.slice(1).map(function (m) { var v = milestone(m); return t(m) + ": " + (v != null ? when(v) : t("not-yet")); }).join(" · ")];
    all.forEach(function (s) {
      var note = inc().n[s.step];
      lines.push("- " + stepLabel(s) + ": " + t("progress", { done: doneIn(s), total: s.total }) + (note && note[0] ? " (" + note[0] + ")" : ""));
    });
    lines.push(t("next") + ": " + (n ? n.text : t("all-done")));
    return lines.join("\n");
  }
  function download() {
    var log = incidentLog(), a = doc.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(log, null, 2) + "\n"], { type: "application/json" }));
    a.download = "incident-log-" + (log.started || log.exported).slice(0, 16).replace(/:/g, "") + ".json";
    doc.body.appendChild(a); a.click(); doc.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  function copy() {
    var area = field("status-text"), text = statusText();
    area.value = text; area.hidden = false;
    function byHand() {
      area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) {}
      message(t(ok ? "copied" : "copy-failed"));
    }
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { message(t("copied")); }, byHand);
    else byHand();
  }
  // A downloaded log becomes the live incident again.
  api.resume = function (file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var log = JSON.parse(reader.result), ms = {}, k = {}, n = {}, now = Date.now();
        if (log.format !== "playbook-incident-log" || !Array.isArray(log.steps)) throw 0;
        MILESTONES.forEach(function (m) { var v = Date.parse(log[m]); if (!isNaN(v)) ms[m] = [v, now]; });
        if (!ms.started) throw 0;
        log.steps.forEach(function (s) {
          (s.items || []).forEach(function (it, i) { var v = Date.parse(it.at); if (it.done) k[s.step + "." + i] = [isNaN(v) ? now : v, now]; });
          if (s.note) n[s.step] = [String(s.note), now];
        });
        api.state.i = { id: "r" + now.toString(36), t0: now, ms: ms, k: k, n: n };
        changed();
      } catch (e) { message(t("resume-failed")); }
    };
    reader.readAsText(file);
  };

  sheet.addEventListener("click", function (ev) {
    var b = ev.target.closest("button"), now = Date.now();
    if (!b || !inc()) return;
    var action = b.getAttribute("data-rs"), stamp = b.getAttribute("data-rs-stamp");
    if (action === "download") download();
    else if (action === "copy") copy();
    else if (stamp) { inc().ms[stamp] = [now, now]; changed(); }
    else if (action === "reset" && window.confirm(t("reset-confirm"))) { api.state.i = null; api.state.x = now; changed(); }
  });
  sheet.addEventListener("change", function (ev) {
    var el = ev.target, m = el.getAttribute("data-rs-milestone");
    if (!m || !inc()) return;
    var v = el.value ? new Date(el.value).getTime() : NaN;  // datetime-local: the browser's zone
    inc().ms[m] = [isNaN(v) ? null : v, Date.now()];
    api.save(); render();
  });
  sheet.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!el.hasAttribute("data-rs-note") || !inc()) return;
    inc().n[stepNo] = [el.value, Date.now()];
    api.save();
  });
  api.render = render;
  setInterval(render, 30000);
})();
