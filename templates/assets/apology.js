// "Copy as text" on apology templates: copies the subject line and the plain-text version of the
// email, which the page carries in a hidden <pre> (so it works without fetching anything). The
// button stays hidden where the clipboard is not available.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.copy-text[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source || !navigator.clipboard) return;
    var label = button.textContent;
    var subject = button.getAttribute("data-copy-subject");
    var text = (subject ? subject + "\n\n" : "") + source.textContent.replace(/^\s+/, "");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = button.getAttribute("data-copied-label") || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        // Clipboard refused: show the text, selected, so it can be copied by hand.
        source.textContent = text;
        source.hidden = false;
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });
})();
