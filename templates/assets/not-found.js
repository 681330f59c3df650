// The 404 page: inlined into 404.html (allowed by its hash in the page's CSP), because a host
// serves that file at any depth of the site and under any URL prefix, where no relative link
// is right. Finds the site root — the nearest folder above this address that answers for
// 404.html — then points the links, forms and search box there and loads the site's scripts.
(function () {
  "use strict";
  var me = document.currentScript;
  var langs = (me.getAttribute("data-languages") || "").split(" ");
  var folders = location.pathname.replace(/[^\/]*$/, "").split("/").filter(Boolean);
  var candidates = [];
  for (var i = folders.length; i >= 0; i--) candidates.push("/" + folders.slice(0, i).join("/") + (i ? "/" : ""));
  function answers(folder) {
    return fetch(folder + "404.html", { method: "HEAD", cache: "no-store" }).then(function (r) { return r.ok; }, function () { return false; });
  }
  Promise.all(candidates.map(answers)).then(function (ok) {
    var root = null;
    for (var i = 0; i < ok.length && root === null; i++) if (ok[i]) root = candidates[i];
    if (root === null) {  // no answer (a host that refuses HEAD): the folder above a language code
      for (var j = folders.length - 1; j >= 0 && root === null; j--) {
        if (langs.indexOf(folders[j]) >= 0) root = "/" + folders.slice(0, j).join("/") + (j ? "/" : "");
      }
    }
    use(root === null ? "/" : root);
  });
  function use(root) {
    var relative = /^(?![a-z][a-z0-9+.\-]*:|\/|#)/i;
    document.querySelectorAll("a[href], form[action]").forEach(function (el) {
      var name = el.tagName === "FORM" ? "action" : "href", value = el.getAttribute(name);
      if (relative.test(value)) el.setAttribute(name, root + value);
    });
    document.querySelectorAll("[data-root]").forEach(function (el) { el.setAttribute("data-root", root); });
    // The reader's language, from the address: its home link first, its search index.
    var lang = location.pathname.slice(root.length).split("/")[0];
    if (lang && langs.indexOf(lang) >= 0) {
      var item = document.querySelector(".not-found-homes [data-lang='" + lang + "']");
      if (item) item.parentNode.insertBefore(item, item.parentNode.firstChild);
      document.querySelectorAll(".search[data-lang]").forEach(function (el) { el.setAttribute("data-lang", lang); });
    }
    (me.getAttribute("data-scripts") || "").split(" ").forEach(function (src) {
      if (!src) return;
      var s = document.createElement("script");
      s.src = root + src;
      s.async = false;
      document.body.appendChild(s);
    });
  }
})();
