// Root page: send the reader to the language they chose before, else the first of their
// browser's languages that the site has, else the default. Plain links remain for no-JS.
(function () {
  var me = document.currentScript;
  var langs = (me.getAttribute("data-languages") || "").split(/\s+/).filter(Boolean);
  var pick = null;
  try { pick = localStorage.getItem("playbook-language"); } catch (e) {}
  if (langs.indexOf(pick) < 0) {
    pick = null;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length && !pick; i++) {
      var w = String(wanted[i]).toLowerCase();
      for (var j = 0; j < langs.length; j++) {
        var l = langs[j].toLowerCase();
        if (w === l || w.split("-")[0] === l) { pick = langs[j]; break; }
      }
    }
  }
  pick = pick || me.getAttribute("data-default");
  if (pick && langs.indexOf(pick) >= 0) location.replace(pick + "/index.html");
})();
