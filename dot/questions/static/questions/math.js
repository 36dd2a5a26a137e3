// LaTeX in question texts: \( .. \), \[ .. \], $$ .. $$ rendered by the vendored KaTeX.
(function () {
  "use strict";
  function render(root) {
    if (typeof window.renderMathInElement !== "function") return;
    window.renderMathInElement(root || document.body, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ],
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option", "input"],
      throwOnError: false,
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  document.addEventListener("htmx:afterSwap", function (e) { render(e.target); });
  window.dotRenderMath = render;
})();
