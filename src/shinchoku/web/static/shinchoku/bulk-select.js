// The round's list of entries (web/rounds/entries.html): adds a toggle button that ticks (or
// unticks) every checkbox of the bulk review form shown on the page. Without JavaScript the
// form's 「絞り込んだすべて」 choice does the same, so nothing depends on this file.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  var boxes = document.querySelectorAll('input[type="checkbox"][form="bulk-form"]');
  var scope = form && form.querySelector(".bulk-review__scope");
  if (!scope || boxes.length === 0) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary bulk-review__all";
  button.textContent = "一覧の評価をすべて選ぶ";
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", function () {
    var all = button.getAttribute("aria-pressed") !== "true";
    boxes.forEach(function (box) {
      box.checked = all;
    });
    button.setAttribute("aria-pressed", String(all));
  });
  scope.insertAdjacentElement("afterend", button);
})();
