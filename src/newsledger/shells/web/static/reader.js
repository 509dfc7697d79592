// Links the reader's side lists to the highlights in the text. Optional: without it the
// page still works (list items link to anchors in the text by fragment).
(function () {
  "use strict";
  function highlights(kind, ref) {
    var found = [];
    document.querySelectorAll(".body .m-" + kind).forEach(function (el) {
      var refs = (el.getAttribute("data-" + kind) || "").split(" ");
      if (refs.indexOf(ref) >= 0) found.push(el);
    });
    return found;
  }
  function light(items, on) {
    items.forEach(function (el) { el.classList.toggle("lit", on); });
  }
  document.querySelectorAll(".notes li.note").forEach(function (item) {
    var kind = item.getAttribute("data-kind"), ref = item.getAttribute("data-ref");
    var marks = null;
    function get() { return marks || (marks = highlights(kind, ref)); }
    item.addEventListener("mouseenter", function () { light(get(), true); });
    item.addEventListener("mouseleave", function () { light(get(), false); });
    item.addEventListener("focusin", function () { light(get(), true); });
    item.addEventListener("focusout", function () { light(get(), false); });
  });
  // Clicking a highlight lights the list items that explain it.
  document.querySelectorAll(".body .mark").forEach(function (el) {
    el.addEventListener("click", function () {
      document.querySelectorAll(".notes li.note.lit").forEach(function (li) { li.classList.remove("lit"); });
      var first = null;
      ["quote", "entity", "event", "place", "figure"].forEach(function (kind) {
        (el.getAttribute("data-" + kind) || "").split(" ").forEach(function (ref) {
          if (!ref) return;
          var li = document.querySelector('.notes li.note[data-kind="' + kind + '"][data-ref="' + ref + '"]');
          if (li) { li.classList.add("lit"); first = first || li; }
        });
      });
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  });
})();
