/* Ingest pages: poll run progress, and highlight the evidence of a clicked value in the text. */
(function () {
  "use strict";

  function finished(status) {
    return status === "succeeded" || status === "failed";
  }

  function update(el, data) {
    var bar = el.querySelector("progress");
    if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
    var set = function (cls, text) {
      var node = el.querySelector(cls);
      if (node) { node.textContent = text; }
    };
    set(".run-state", data.status_display);
    set(".run-progress", data.progress + "%");
    set(".run-stage", data.stage || "");
    el.setAttribute("data-run-status", data.status);
  }

  function poll(el) {
    var url = el.getAttribute("data-run-status-url");
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { window.setTimeout(tick, 3000); return; }
          update(el, data);
          if (finished(data.status)) { window.location.reload(); return; }
          window.setTimeout(tick, 800);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    };
    tick();
  }

  document.querySelectorAll("[data-run-status-url]").forEach(function (el) {
    if (!finished(el.getAttribute("data-run-status"))) { poll(el); }
  });

  var textEl = document.getElementById("doc-text");
  if (!textEl) { return; }
  var chars = Array.from(textEl.textContent); // code points: spans count characters, not UTF-16 units
  var base = parseInt(textEl.getAttribute("data-base") || "0", 10);

  function highlight(start, end) {
    var a = Math.max(0, start - base);
    var b = Math.min(chars.length, end - base);
    if (b <= a) { return false; }
    textEl.textContent = "";
    textEl.appendChild(document.createTextNode(chars.slice(0, a).join("")));
    var mark = document.createElement("mark");
    mark.className = "evidence";
    mark.textContent = chars.slice(a, b).join("");
    textEl.appendChild(mark);
    textEl.appendChild(document.createTextNode(chars.slice(b).join("")));
    textEl.scrollTop = Math.max(0, mark.offsetTop - textEl.offsetTop - textEl.clientHeight / 3);
    mark.scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("click", function (event) {
    var btn = event.target.closest(".ev");
    if (!btn) { return; }
    var span = (btn.getAttribute("data-span") || "").split(",");
    if (span.length !== 2) { return; }
    document.querySelectorAll(".ev.active").forEach(function (x) { x.classList.remove("active"); });
    var simplified = textEl.closest("details");
    if (simplified) { simplified.open = true; }
    if (highlight(parseInt(span[0], 10), parseInt(span[1], 10))) { btn.classList.add("active"); }
  });
})();
