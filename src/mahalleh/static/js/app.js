/*
 * Mahalleh's small page script: htmx's CSRF header, confirm dialogs, the double-submit guard, print
 * buttons, upload progress and the Jalali date picker. Plain JS, no build step; loaded with `defer` by
 * templates/base.html. Pages have no inline script (the Content-Security-Policy refuses it): behaviour
 * hangs on data- attributes here.
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Django rejects unsafe requests without the token; htmx requests carry it as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // <form data-confirm="..."> and <a|button data-confirm="...">: ask before acting. Runs in the
  // capture phase so a refusal also stops htmx and the other listeners.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm")) {
      message = submitter.getAttribute("data-confirm");
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Double-submit guard: a slow network at a service desk invites a second tap that would save the
  // record twice. Buttons are disabled after the browser has built the form data, so the clicked
  // button's name and value are still sent. Forms handled by htmx (default prevented) are skipped:
  // htmx has hx-disabled-elt for that.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    var form = event.target;
    if (form.hasAttribute("data-allow-resubmit")) {
      return;
    }
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]')
        .forEach(function (button) {
          button.disabled = true;
          button.setAttribute("data-submitting", "");
        });
    }, 0);
  });

  // Coming back with the browser's back button restores the page from cache with buttons disabled.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("[data-submitting]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("data-submitting");
      });
    }
  });

  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // The minutes upload (minutes/upload.html): its <progress id="upload-progress"> follows htmx's upload.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    bar.hidden = false;
    bar.value = event.detail.loaded / event.detail.total * 100;
  });

  // Jalali date picker on every <input data-jdp>, including ones htmx swaps in later
  // (startWatch listens on the document, so it needs calling once).
  function startDatePicker() {
    if (!window.jalaliDatepicker) {
      return;
    }
    window.jalaliDatepicker.startWatch({
      persianDigits: true,
      showTodayBtn: true,
      showEmptyBtn: true,
      showCloseBtn: true,
      autoReadOnlyInput: false,
      zIndex: 1060,
    });
  }

  // The picker shows Persian digits but reads and writes Latin ones; pages show Persian digits
  // everywhere (the server accepts both). So the input holds Latin digits while the picker works on
  // it (focus, click) and Persian ones once a value is set or the user leaves the field.
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function dateInput(target) {
    return target && target.matches && target.matches("input[data-jdp]") ? target : null;
  }

  function toLatin(event) {
    var input = dateInput(event.target);
    if (input && /[۰-۹]/.test(input.value)) {
      input.value = input.value.replace(/[۰-۹]/g, function (d) { return PERSIAN_DIGITS.indexOf(d); });
    }
  }

  function toPersian(event) {
    var input = dateInput(event.target);
    if (input && /[0-9]/.test(input.value)) {
      input.value = input.value.replace(/[0-9]/g, function (d) { return PERSIAN_DIGITS[d]; });
    }
  }

  // Capture phase: before the picker's own listeners read the value.
  document.addEventListener("focus", toLatin, true);
  document.addEventListener("click", toLatin, true);
  document.addEventListener("change", toPersian);
  document.addEventListener("blur", toPersian, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startDatePicker);
  } else {
    startDatePicker();
  }
})();
