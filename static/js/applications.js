// Amount inputs in 元 show their value in 万元 beside them (data-yuan-helper).
(function () {
  "use strict";
  function describe(value) {
    var n = Number(value);
    if (!value || !isFinite(n) || n <= 0) return "";
    if (n >= 100000000) return "约 " + (n / 100000000).toLocaleString("zh-CN", {maximumFractionDigits: 4}) + " 亿元";
    return "约 " + (n / 10000).toLocaleString("zh-CN", {maximumFractionDigits: 4}) + " 万元";
  }
  document.querySelectorAll("input[data-yuan-helper]").forEach(function (input) {
    var hint = document.createElement("div");
    hint.className = "help yuan-helper";
    hint.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", hint);
    var update = function () { hint.textContent = describe(input.value); };
    input.addEventListener("input", update);
    update();
  });
})();
