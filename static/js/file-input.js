// Every file input gets a Chinese button and a Chinese "no file chosen" text, whatever the browser's language.
(function () {
  "use strict";
  function enhance(input) {
    if (input.dataset.enhanced) return;
    input.dataset.enhanced = "1";
    var box = document.createElement("span");
    box.className = "file-picker";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = input.multiple ? "选择文件(可多选)" : "选择文件";
    var names = document.createElement("span");
    names.className = "file-names muted";
    names.setAttribute("aria-live", "polite");
    function show() {
      var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      names.textContent = files.length ? files.join("、") : "未选择文件";
    }
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () { names.classList.remove("error"); show(); });
    // The input itself is hidden, so the browser's own "please choose a file" bubble would point at nothing.
    input.addEventListener("invalid", function (event) {
      event.preventDefault();
      names.textContent = "请先选择要上传的文件";
      names.classList.add("error");
      button.focus();
    });
    input.classList.add("visually-hidden-file");
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(names);
    show();
  }
  function run() { document.querySelectorAll('input[type="file"]').forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
