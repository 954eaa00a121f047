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

  // ---- Persian digits in date inputs (issue 9, point 18; kept apart from the rest of this file) ----
  // The picker reads and writes Latin digits; a person must see Persian ones, and they must not flip
  // when the field takes focus. So each date input's `value` property is given to the picker in Latin
  // digits while the box itself always holds Persian ones: the picker sets Latin, the box shows Persian;
  // what the person types (either digit set) is shown Persian as they type. The server reads both.
  function persianDigitInputs() {
    var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
    var native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");

    function toLatin(text) {
      return String(text).replace(/[۰-۹]/g, function (d) { return PERSIAN.indexOf(d); })
        .replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x0660; });
    }

    function toPersian(text) {
      return String(text).replace(/[0-9٠-٩]/g, function (d) { return PERSIAN[Number(toLatin(d))]; });
    }

    function adopt(input) {
      if (!input || input.hasAttribute("data-fa-digits")) {
        return;
      }
      input.setAttribute("data-fa-digits", "");
      Object.defineProperty(input, "value", {
        configurable: true,
        get: function () { return toLatin(native.get.call(this)); },
        set: function (v) { native.set.call(this, toPersian(v)); },
      });
      native.set.call(input, toPersian(native.get.call(input)));
    }

    function adoptAll(root) {
      (root || document).querySelectorAll("input[data-jdp]").forEach(adopt);
    }

    // Capture phase: before the picker's own listeners read the value.
    ["focus", "click"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        if (event.target && event.target.matches && event.target.matches("input[data-jdp]")) {
          adopt(event.target);
        }
      }, true);
    });
    // Typed digits are shown Persian at once, the caret kept where it was.
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-jdp]")) {
        return;
      }
      adopt(input);
      var raw = native.get.call(input);
      if (/[0-9٠-٩]/.test(raw)) {
        var caret = input.selectionStart;
        native.set.call(input, toPersian(raw));
        input.setSelectionRange(caret, caret);
      }
    });
    document.addEventListener("htmx:afterSwap", function (event) { adoptAll(event.target); });
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { adoptAll(document); });
    } else {
      adoptAll(document);
    }
  }

  persianDigitInputs();
  // ---- end of Persian digits in date inputs ----


  // ---- retry on a dropped connection ----
  // <form hx-post data-retry-on-network-error>: when the request never got an answer (the network
  // dropped, before or after the server received it), send the same form again — the same hidden
  // idempotency key, so the server answers a retry with what the first try made, never a second
  // record. Retries back off (2, 4, 8 … seconds) and resume at once when the browser comes online.
  // A form that also has data-offline-queue-form goes to the device's queue instead (see below).
  function retryOnNetworkError() {
    var MAX_TRIES = 6;
    function status(form, text) {
      var box = form.querySelector("[data-network-status]");
      if (box) {
        box.textContent = text;
        box.classList.toggle("d-none", !text);
      }
    }
    function resend(form) {
      if (form.__mahallehRetryTimer) {
        window.clearTimeout(form.__mahallehRetryTimer);
        form.__mahallehRetryTimer = null;
      }
      if (window.htmx && document.body.contains(form)) {
        window.htmx.trigger(form, "submit");
      }
    }
    // The form's own request only: a request of an element inside it (the intake's «similar problems»
    // lookup) neither counts as a try nor resends the form.
    function ownForm(event) {
      var elt = event.detail.elt;
      return elt && elt.matches && elt.matches("form[data-retry-on-network-error]") ? elt : null;
    }
    document.addEventListener("htmx:sendError", function (event) {
      var form = ownForm(event);
      if (!form) {
        return;
      }
      var tries = (form.__mahallehTries || 0) + 1;
      form.__mahallehTries = tries;
      // A form with an offline queue (static/js/offline.js) is retried once; if the browser is
      // offline or the retry fails too, it is handed to the queue with its key, and the form freed.
      if (window.mahallehOfflineQueue && form.hasAttribute("data-offline-queue-form") && (tries >= 2 || navigator.onLine === false)) {
        form.__mahallehTries = 0;
        status(form, "");
        form.dispatchEvent(new CustomEvent("mahalleh:offline-queue", { bubbles: true }));
        return;
      }
      if (tries >= MAX_TRIES) {
        status(form, "اتصال برقرار نشد. اطلاعات فرم سر جای خود است؛ وقتی شبکه برگشت دوباره «ثبت» را بزنید — دوبار ثبت نمی‌شود.");
        return;
      }
      var wait = Math.min(2000 * Math.pow(2, tries - 1), 30000);
      status(form, "اتصال قطع شد؛ همین فرم با همان کلید دوباره فرستاده می‌شود (تلاش " +
        (tries + 1).toLocaleString("fa-IR") + ")… دوبار ثبت نمی‌شود.");
      form.__mahallehRetryTimer = window.setTimeout(function () { resend(form); }, wait);
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var form = ownForm(event);
      if (form && event.detail.xhr && event.detail.xhr.status) {
        form.__mahallehTries = 0;
        status(form, "");
      }
    });
    window.addEventListener("online", function () {
      document.querySelectorAll("form[data-retry-on-network-error]").forEach(function (form) {
        if (form.__mahallehRetryTimer) {
          resend(form);
        }
      });
    });
  }

  retryOnNetworkError();
  // ---- end of retry on a dropped connection ----

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startDatePicker);
  } else {
    startDatePicker();
  }
})();
