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
    var label = chips.getAttribute("data-remove-label") || "Remove %(code)s";
    remove.setAttribute("aria-label", label.replace("%(code)s", code));
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

  // Enter in the HS search box of a subscription form would submit the whole form (and
  // subscribe with what is filled in so far): the search runs as one types, so Enter does
  // nothing there.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target instanceof HTMLInputElement && target.name === "hs_q") {
      event.preventDefault();
    }
  });

  // A change in the review panel swaps the whole notice body. htmx puts focus back on the
  // control that had it when the new body has one with the same id (the panel's controls have
  // ids); when that control is gone (a workflow button that no longer applies) focus goes to
  // the panel's confirmation or error, so keyboard users keep their place. A live region that
  // arrives with its text is not reliably read out, so the confirmation is written again once
  // it is in the page (unless it has focus, which reads it).
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("review");
    var message =
      document.getElementById("review-saved") || document.getElementById("review-error");
    if (!panel || !message || message.hasAttribute("data-shown")) return;
    message.setAttribute("data-shown", "");
    var focused = document.activeElement;
    if (!focused || focused === document.body || !focused.isConnected) {
      message.focus();
      return;
    }
    if (message.id === "review-saved") {
      var text = message.textContent;
      message.textContent = "";
      window.setTimeout(function () {
        message.textContent = text;
      }, 100);
    }
  });

  // A failed htmx request that returned no content to swap still tells the user, in the
  // page's language: the words come from the flash element's data attributes (base.html).
  function flashError(key, fallback, status) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var text = flash.getAttribute(key) || fallback;
    flash.className = "alert alert-error";
    flash.textContent = text.replace("%(status)s", String(status));
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status >= 500) {
      flashError(
        "data-server-error",
        "The server could not do this (%(status)s). Please try again.",
        xhr.status
      );
    }
  });
  document.addEventListener("htmx:sendError", function () {
    flashError(
      "data-network-error",
      "The server cannot be reached. Check the connection and try again.",
      ""
    );
  });
})();
