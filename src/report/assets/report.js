// zhibiao report: clicking a marked number shows its record's fields and
// permalink in the side panel. One listener on the document (event
// delegation), nothing done per mark at load time, so a page with a very
// large text stays quick. Works offline; without it the page still shows
// every record in the list below the text.
(function () {
  "use strict";
  var selected = null;

  function show(id, scroll) {
    var mark = document.getElementById("r-" + id);
    var detail = document.getElementById("d-" + id);
    var panel = document.getElementById("panel");
    if (!detail || !panel) return false;
    if (selected) selected.classList.remove("selected");
    selected = mark;
    if (mark) {
      mark.classList.add("selected");
      if (scroll && !inView(mark)) mark.scrollIntoView({ block: "center" });
    }
    var copy = detail.cloneNode(true);
    copy.removeAttribute("id");
    copy.classList.add("shown");
    panel.replaceChildren(copy);
    return true;
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  }

  function markOf(target) {
    return target && target.closest ? target.closest("mark.rec") : null;
  }

  function choose(mark) {
    var id = mark.id.slice(2);
    if (show(id, false) && history.replaceState) {
      history.replaceState(null, "", "#r-" + id);
    }
  }

  document.addEventListener("click", function (e) {
    var mark = markOf(e.target);
    if (mark) {
      e.preventDefault();
      choose(mark);
    }
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var mark = markOf(e.target);
    if (mark) {
      e.preventDefault();
      choose(mark);
    }
  });

  function fromHash() {
    var h = decodeURIComponent(location.hash || "");
    if (h.indexOf("#r-") === 0) show(h.slice(3), true);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
