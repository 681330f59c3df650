// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, me = doc.currentScript;
  root.classList.add("js");
  var header = doc.querySelector(".site-header");

  // Jumps to a heading land below the sticky header: the scroll padding follows its real height
  // (it wraps in some languages and widths), kept in --header-h.
  function measure() {
    if (!header) return;
    var h = header.getBoundingClientRect().height;
    if (Math.abs(h - (measure.last || 0)) < 0.5) return;
    measure.last = h;
    root.style.setProperty("--header-h", h + "px");
  }
  measure();
  if (header && "ResizeObserver" in window) new ResizeObserver(measure).observe(header);
  else window.addEventListener("resize", measure);
  if (location.hash) {
    var target = doc.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }

  // A table or code block wider than the screen scrolls sideways: make it reachable by keyboard
  // (WCAG 2.1.1), only where it really scrolls.
  function scrollers() {
    doc.querySelectorAll(".table-scroll, .prose table, .prose pre").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }
  scrollers();
  window.addEventListener("resize", scrollers);

  // Compact header: the page title takes the site title's place once the page's own is gone.
  var h1 = doc.querySelector("main h1");
  if (header && h1 && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      var e = entries[entries.length - 1];
      header.classList.toggle("show-title", !e.isIntersecting && e.boundingClientRect.top < 0);
    }, { rootMargin: "-64px 0px 0px 0px" }).observe(h1);
  }

  // The menu (the section's pages, the page's contents) on narrow screens. Without this script
  // the menu link opens it through :target.
  var menuButton = doc.querySelector(".menu-button"), drawer = doc.getElementById("pb-drawer");
  if (menuButton && drawer) {
    menuButton.setAttribute("role", "button");
    menuButton.setAttribute("aria-expanded", "false");
    var setOpen = function (open, focusButton) {
      drawer.classList.toggle("is-open", open);
      menuButton.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = drawer.querySelector("a");
        if (first) first.focus({ preventScroll: true });
      } else if (focusButton) menuButton.focus();
    };
    var isOpen = function () { return drawer.classList.contains("is-open"); };
    menuButton.addEventListener("click", function (e) { e.preventDefault(); setOpen(!isOpen()); });
    menuButton.addEventListener("keydown", function (e) { if (e.key === " ") { e.preventDefault(); setOpen(!isOpen()); } });
    drawer.addEventListener("click", function (e) { if (e.target.closest("a")) setOpen(false); });
    doc.addEventListener("keydown", function (e) { if (e.key === "Escape" && isOpen()) setOpen(false, true); });
    doc.addEventListener("click", function (e) {
      if (isOpen() && !drawer.contains(e.target) && !menuButton.contains(e.target)) setOpen(false);
    });
  }

  // Search on a phone: the header's search link opens the search box in place of the title.
  var searchButton = doc.querySelector(".search-button"), box = header && header.querySelector(".search-box");
  function openSearch() {
    if (!searchButton || !box || getComputedStyle(searchButton).display === "none") return false;
    header.classList.add("search-open");
    return true;
  }
  if (searchButton && box) {
    searchButton.addEventListener("click", function (e) {
      if (!openSearch()) return;
      e.preventDefault();
      var input = box.querySelector("input");
      if (input) input.focus();
    });
    box.addEventListener("focusout", function (e) {
      if (!box.contains(e.relatedTarget)) header.classList.remove("search-open");
    });
  }

  // The search script (search.js, the largest asset) is loaded on first use: when a search box
  // is pointed at, focused or typed in. It runs at once where it is needed on arrival: the
  // results page (which includes it itself) and a page opened from a result (?highlight=).
  // It comes from this script's own folder, so it is found at any depth, under any URL prefix
  // and from file://. Keys typed before it runs are in the box's value: it searches for them.
  var searchBoxes = doc.querySelectorAll("[data-search]");
  function loadSearch() {
    if (window.PlaybookSearch || doc.querySelector("script[src$='assets/search.js']")) return;
    var s = doc.createElement("script");
    s.src = me && me.src ? me.src.replace(/site\.js(?:[?#].*)?$/, "search.js") : searchBoxes[0].getAttribute("data-root") + "assets/search.js";
    s.onerror = function () { s.parentNode.removeChild(s); };  // tried again on next use
    doc.head.appendChild(s);
  }
  searchBoxes.forEach(function (b) {
    ["pointerenter", "focusin", "input"].forEach(function (type) { b.addEventListener(type, loadSearch); });
  });
  if (searchBoxes.length && /[?&]highlight=/.test(location.search)) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", loadSearch); else loadSearch();
  }

  // "/" focuses the search box (shown first where it is folded away on a phone).
  doc.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.nodeName))) return;
    var inputs = doc.querySelectorAll("[data-search] input.search-input"), input = inputs[inputs.length - 1];
    if (!input) return;
    e.preventDefault();
    openSearch();
    input.focus();
    input.select();
  });

  // Close the language menu when focus or a click goes elsewhere.
  var langMenu = doc.querySelector(".lang-menu");
  if (langMenu) {
    doc.addEventListener("click", function (e) { if (langMenu.open && !langMenu.contains(e.target)) langMenu.open = false; });
    langMenu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && langMenu.open) { langMenu.open = false; langMenu.querySelector("summary").focus(); }
    });
  }

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
