/// The script the server injects into HTML responses (never into built files): listens to
/// `/__playbook/events`, reloads the page when a rebuild changed it (keeping the scroll
/// position), and shows build errors over the page. No inline handlers, no innerHTML.
enum ReloadScript {
    static let path = "/__playbook/reload.js"
    static let tag = "<script src=\"\(path)\" defer></script>"

    static let source = #"""
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var key = "playbook-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved) {
      sessionStorage.removeItem(key);
      var xy = saved.split(",");
      window.scrollTo(+xy[0] || 0, +xy[1] || 0);
      window.addEventListener("load", function () { window.scrollTo(+xy[0] || 0, +xy[1] || 0); });
    }
  } catch (e) {}

  var here = location.pathname.replace(/^\/+/, "");
  if (here === "" || here.slice(-1) === "/") { here += "index.html"; }
  try { here = decodeURIComponent(here); } catch (e) {}

  function reload() {
    try { sessionStorage.setItem(key, window.scrollX + "," + window.scrollY); } catch (e) {}
    location.reload();
  }

  var overlay = null;
  function hideOverlay() {
    if (overlay && overlay.parentNode) { overlay.parentNode.removeChild(overlay); }
    overlay = null;
  }
  function showOverlay(errors) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "playbook-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build failed");
    var s = overlay.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20,20,20,0.94)"; s.color = "#fff"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace";
    var h = document.createElement("h2");
    h.textContent = "playbook: the build failed — showing the last good version";
    h.style.color = "#ff8080"; h.style.marginTop = "0"; h.style.font = "bold 18px/1.4 system-ui, sans-serif";
    overlay.appendChild(h);
    errors.forEach(function (e) {
      var p = document.createElement("pre");
      p.className = "playbook-error";
      p.style.whiteSpace = "pre-wrap"; p.style.margin = "0 0 1rem";
      var where = document.createElement("strong");
      where.textContent = e.file + (e.line ? ":" + e.line : "");
      p.appendChild(where);
      p.appendChild(document.createTextNode(": " + e.severity + ": " + e.message));
      overlay.appendChild(p);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.addEventListener("click", hideOverlay);
    overlay.appendChild(close);
    (document.body || document.documentElement).appendChild(overlay);
  }

  var instance = null;
  var source = new EventSource("/__playbook/events");
  source.addEventListener("hello", function (ev) {
    var d = JSON.parse(ev.data);
    if (instance !== null && instance !== d.instance) { reload(); return; }
    instance = d.instance;
  });
  source.addEventListener("error", function (ev) {
    if (!ev.data) { return; }  // a connection error, not a build error: EventSource retries
    showOverlay(JSON.parse(ev.data).errors || []);
  });
  source.addEventListener("reload", function (ev) {
    var d = JSON.parse(ev.data);
    // A page that loaded part of the search index reloads when it changes (parts must match).
    var searchLoaded = !!document.querySelector('script[src*="search/"]');
    var mine = d.all || d.recovered || (d.search && searchLoaded) || d.changed.some(function (p) {
      return p === here || (!/\.html$/.test(p) && (p.indexOf("search/") !== 0 || searchLoaded));
    });
    if (mine) { reload(); } else { hideOverlay(); }
  });
})();
"""#
}
