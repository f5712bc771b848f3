// tbtwatch: small behaviours the pages need beyond htmx. No inline handlers (the
// Content-Security-Policy forbids them): everything is wired here by event delegation.
(function () {
  "use strict";

  // The HS picker of a subscription form: a result's "add" button becomes a chip (in the same
  // form) holding a hidden input named "hs", so the chosen codes survive new searches.
  function addHsCode(button) {
    var code = button.getAttribute("data-code");
    var form = button.closest("form");
    var chips = form ? form.querySelector(".chips") : null;
    if (!code || !chips || chips.querySelector('input[value="' + code + '"]')) return;
    var chip = document.createElement("span");
    chip.className = "chip";
    chip.textContent = code;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "hs";
    input.value = code;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("aria-label", "remove " + code);
    remove.textContent = "×";
    chip.appendChild(input);
    chip.appendChild(remove);
    chips.appendChild(chip);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var add = target.closest("button[data-code]");
    if (add) {
      event.preventDefault();
      addHsCode(add);
      return;
    }
    var remove = target.closest(".chip-remove");
    if (remove && remove.parentElement) {
      event.preventDefault();
      remove.parentElement.remove();
      return;
    }
    var confirmed = target.closest("[data-confirm]");
    if (confirmed && !window.confirm(confirmed.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A failed htmx request that returned no content to swap still tells the user.
  document.addEventListener("htmx:responseError", function (event) {
    var flash = document.getElementById("flash");
    var xhr = event.detail && event.detail.xhr;
    if (flash && xhr && xhr.status >= 500) {
      flash.className = "alert alert-error";
      flash.textContent = "The server could not do this (" + xhr.status + "). Please try again.";
    }
  });
  document.addEventListener("htmx:sendError", function () {
    var flash = document.getElementById("flash");
    if (flash) {
      flash.className = "alert alert-error";
      flash.textContent = "The server cannot be reached. Check the connection and try again.";
    }
  });
})();
