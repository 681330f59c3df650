// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  // Copy a heading's link when its "#" anchor is clicked (the anchor still navigates).
  doc.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a.anchor");
    if (!a || !navigator.clipboard) return;
    var url = location.href.split("#")[0] + a.getAttribute("href");
    navigator.clipboard.writeText(url).then(function () {
      a.classList.add("copied");
      setTimeout(function () { a.classList.remove("copied"); }, 1500);
    }, function () {});
  });

  // Remember the language a reader picks, so the root page sends them there next time.
  doc.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest(".lang-switcher a[hreflang]");
    if (!a) return;
    try { localStorage.setItem("playbook-language", a.getAttribute("data-code") || a.getAttribute("hreflang").split("-")[0]); } catch (e) {}
  });

  // Highlight the table-of-contents entry of the section being read.
  var toc = doc.querySelector(".toc");
  if (toc && "IntersectionObserver" in window) {
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (a) { links[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        var a = links[e.target.id];
        if (!a) return;
        if (current) current.removeAttribute("aria-current");
        a.setAttribute("aria-current", "location");
        current = a;
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(links).forEach(function (id) {
      var h = doc.getElementById(id);
      if (h) observer.observe(h);
    });
  }
})();
