/*
 * The problem intake through a dead network (issue 11 §2; problems/intake.html). Plain JS, no library.
 *
 * - Registers the service worker (/sw.js, core/offline.py), which keeps this page and its static files.
 * - A save with no network (the browser says offline, or app.js hands over a form whose request got
 *   no answer) is kept in IndexedDB: every field, the photos as Blobs, and the form's idempotency
 *   key. That key is made on this device when the page opens and again each time the form is
 *   cleared — never the one printed in the page, which a page answered from the cache repeats.
 * - What waits is sent on load, on the browser's `online` event, every RETRY_MS while something
 *   waits, and by the «ارسال اکنون» button, each with its own key: the server's @idempotent answers
 *   a replay with the problem the first made, so a second sync makes nothing new.
 * - Two tabs: one sync at a time per browser (navigator.locks); without locks the keys still keep a
 *   problem from being made twice. The tabs tell each other of changes (BroadcastChannel).
 * - A problem the server refuses (4xx, the form's errors) stays, marked, with the server's message,
 *   until the user fixes it in the form (same key: once saved there, the next sync is answered with
 *   that problem and takes it off) or deletes it; an expired sign-in or CSRF token stays too, with
 *   the advice to sign in again. Nothing is dropped unless the user says so.
 * - Each problem is kept under the user who typed it; only that user's page sends it.
 */
(function () {
  "use strict";

  var panel = document.querySelector("[data-offline-queue]");
  if (!panel || !window.indexedDB) {
    return;
  }
  var USER = panel.getAttribute("data-offline-user") || "";
  var PAGE = panel.getAttribute("data-offline-page") || window.location.pathname;
  var KEY = "idempotency_key";
  var TOKEN = "csrfmiddlewaretoken";
  var DB_NAME = "mahalleh-offline";
  var STORE = "problems";
  var LOCK = "mahalleh-offline-sync";
  var RETRY_MS = 30000;
  window.mahallehOfflineQueue = true; // app.js hands over forms only when this script runs
  var channel = window.BroadcastChannel ? new window.BroadcastChannel("mahalleh-offline") : null;

  function fa(n) {
    return Number(n).toLocaleString("fa-IR");
  }

  // ---- keys made on the device ----
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // ---- IndexedDB, as promises ----
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = window.indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = function () {
          req.result.createObjectStore(STORE, { keyPath: "key" });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function store(mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allItems() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function putItem(item) {
    return store("readwrite", function (s) { s.put(item); }).then(changed);
  }
  function removeItem(key) {
    return store("readwrite", function (s) { s["delete"](key); }).then(changed);
  }
  function changed() {
    if (channel) {
      channel.postMessage("changed");
    }
    render();
  }

  // ---- the form ----
  function theForm() {
    return document.querySelector("form[data-offline-queue-form]");
  }

  function giveFreshKey(form) {
    var input = form.querySelector('[name="' + KEY + '"]');
    if (input) {
      input.value = newKey();
    }
  }

  function labelOf(el) {
    var label = el.id && document.querySelector('label[for="' + el.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : el.name;
  }

  // The server decides; this only stops a problem with no place, category or text from waiting
  // all day to be refused.
  function missingFields(form) {
    return Array.prototype.filter.call(form.querySelectorAll("[required]"), function (el) {
      return !el.disabled && !String(el.value || "").trim();
    }).map(labelOf);
  }

  function capture(form) {
    var data = new FormData(form);
    var item = {
      key: "", user: USER, url: form.getAttribute("action") || PAGE, created: Date.now(),
      fields: [], files: [], state: "waiting", message: "", summary: "",
    };
    data.forEach(function (value, name) {
      if (name === TOKEN) {
        return;
      }
      if (name === KEY) {
        item.key = String(value);
      } else if (value instanceof window.File) {
        if (value.size > 0) {
          item.files.push({ field: name, name: value.name, type: value.type, blob: value.slice(0, value.size, value.type) });
        }
      } else {
        item.fields.push([name, String(value)]);
      }
    });
    if (!item.key) {
      item.key = newKey();
    }
    var category = form.querySelector("select[name=category]");
    var text = form.querySelector("[name=description]");
    var what = category && category.selectedOptions[0] ? category.selectedOptions[0].textContent.trim() : "";
    var said = text ? text.value.trim().slice(0, 60) : "";
    item.summary = what + (said ? " — " + said : "");
    return item;
  }

  // Ready for the next resident: the neighborhood and source stay, the rest empties, a new key.
  function clearForm(form) {
    var keepNames = ["neighborhood", "source"];
    var kept = keepNames.map(function (n) { var el = form.elements[n]; return el ? el.value : null; });
    form.reset();
    keepNames.forEach(function (n, i) { var el = form.elements[n]; if (el && kept[i] !== null) { el.value = kept[i]; } });
    var similar = form.querySelector("[data-similar]");
    if (similar) {
      similar.textContent = "";
    }
    var dup = form.querySelector("[name=duplicate_of]");
    if (dup) {
      dup.value = "";
    }
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    form.querySelectorAll(".invalid-feedback, .alert-danger").forEach(function (el) { el.remove(); });
    giveFreshKey(form);
    var first = form.querySelector("[name=description]");
    if (first) {
      first.focus();
    }
  }

  function formStatus(form, text) {
    var box = form.querySelector("[data-network-status]");
    if (box) {
      box.textContent = text;
      box.classList.toggle("d-none", !text);
    }
  }

  function keepOnDevice(form) {
    var missing = missingFields(form);
    if (missing.length) {
      formStatus(form, "برای نگه داشتن روی این دستگاه این‌ها لازم است: " + missing.join("، ") + ".");
      return Promise.resolve(false);
    }
    var item = capture(form);
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist(); // ask that the queue survive the browser's clean-up under pressure
    }
    return putItem(item).then(function () {
      clearForm(form);
      formStatus(form, "شبکه در دسترس نیست: مشکل روی همین دستگاه نگه داشته شد و با برگشتن شبکه فرستاده می‌شود. مشکل بعدی را ثبت کنید.");
      form.querySelector("[data-network-status]").setAttribute("data-offline-note", "");
      return true;
    }, function () {
      formStatus(form, "نگه داشتن روی دستگاه ممکن نشد (حافظه مرورگر). اطلاعات فرم سر جای خود است؛ با برگشتن شبکه «ثبت» را بزنید.");
      return false;
    });
  }

  // A save with no network is kept instead of sent. Capture phase: before htmx sends it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-queue-form]") || navigator.onLine !== false) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    keepOnDevice(form);
  }, true);

  // app.js's retry block hands over a form whose request got no answer (the server may have it:
  // the form's own key is kept, so a sync then answers with that problem).
  document.addEventListener("mahalleh:offline-queue", function (event) {
    var form = event.target.closest && event.target.closest("form[data-offline-queue-form]");
    if (form) {
      keepOnDevice(form);
    }
  });

  // ---- the panel: how many wait, and what the server said ----
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) {
      node.className = cls;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  var lastNote = "";
  var sentNow = []; // sent from this page: each with its «received» page (the code to read out, the slip)
  function render() {
    return allItems().then(function (items) {
      var mine = items.filter(function (i) { return i.user === USER; });
      var others = items.length - mine.length;
      var count = panel.querySelector("[data-offline-count]");
      var note = panel.querySelector("[data-offline-note]");
      var list = panel.querySelector("[data-offline-items]");
      var offline = navigator.onLine === false;
      count.textContent = mine.length ? fa(mine.length) + " مشکل در انتظار ارسال" : "";
      panel.setAttribute("data-waiting", String(mine.length));
      panel.setAttribute("data-pending", String(mine.filter(function (i) {
        return i.state === "waiting" || i.state === "signin";
      }).length));
      var lines = [];
      if (offline) {
        lines.push("شبکه در دسترس نیست؛ مشکلات روی همین دستگاه نگه داشته می‌شوند و با برگشتن شبکه خودکار فرستاده می‌شوند.");
      }
      if (others) {
        lines.push(fa(others) + " مشکل کاربر دیگری هم روی این دستگاه منتظر است و فقط با ورود همان کاربر فرستاده می‌شود.");
      }
      if (lastNote) {
        lines.push(lastNote);
      }
      note.textContent = lines.join(" ");
      list.textContent = "";
      mine.forEach(function (item) {
        var li = el("li", "border-top py-2");
        li.setAttribute("data-offline-item", item.key);
        li.setAttribute("data-state", item.state);
        li.appendChild(el("div", "", item.summary || "مشکل بی‌شرح"));
        if (item.message) {
          li.appendChild(el("div", item.state === "waiting" ? "small text-muted" : "small text-danger", item.message));
        }
        if (item.state === "editing") {
          li.appendChild(el("div", "small text-primary", "در فرم برای اصلاح؛ پس از ثبت از صف برداشته می‌شود."));
        }
        if (item.state === "refused" || item.state === "editing") {
          var edit = el("button", "btn btn-sm btn-outline-primary me-1", "اصلاح در فرم");
          edit.type = "button";
          edit.setAttribute("data-offline-edit", item.key);
          var drop = el("button", "btn btn-sm btn-outline-danger", "حذف از دستگاه");
          drop.type = "button";
          drop.setAttribute("data-offline-drop", item.key);
          li.appendChild(edit);
          li.appendChild(drop);
        }
        list.appendChild(li);
      });
      var done = panel.querySelector("[data-offline-sent]");
      done.textContent = "";
      sentNow.forEach(function (entry) {
        var li = el("li", "py-1");
        li.appendChild(el("span", "", "ثبت شد: " + (entry.summary || "") + " "));
        var link = el("a", "", "کد رهگیری و برگه رسید");
        link.href = entry.url;
        li.appendChild(link);
        done.appendChild(li);
      });
      var show = mine.length || others || offline || lastNote || sentNow.length;
      panel.classList.toggle("d-none", !show);
      panel.querySelector("[data-offline-sync]").classList.toggle("d-none", !mine.length);
    });
  }

  // A refused problem goes back into the form (photos too) to be fixed and saved again, same key.
  function editBack(key) {
    var form = theForm();
    return allItems().then(function (items) {
      var item = items.filter(function (i) { return i.key === key; })[0];
      if (!item || !form) {
        return;
      }
      form.reset();
      item.fields.forEach(function (pair) {
        var field = form.elements[pair[0]];
        if (!field) {
          return;
        }
        if (field.type === "checkbox") {
          field.checked = true; // only checked boxes are in FormData
        } else {
          field.value = pair[1];
        }
      });
      var byField = {};
      item.files.forEach(function (f) { (byField[f.field] = byField[f.field] || []).push(f); });
      Object.keys(byField).forEach(function (name) {
        var input = form.elements[name];
        if (input && window.DataTransfer) {
          var dt = new window.DataTransfer();
          byField[name].forEach(function (f) { dt.items.add(new window.File([f.blob], f.name, { type: f.type })); });
          input.files = dt.files;
        }
      });
      form.querySelector('[name="' + KEY + '"]').value = item.key;
      formStatus(form, "این مشکل برای اصلاح به فرم برگشت: " + (item.message || "") + " پس از اصلاح «ثبت» را بزنید؛ تا ثبت نشده در صف می‌ماند.");
      form.scrollIntoView();
      item.state = "editing";
      return putItem(item);
    });
  }

  panel.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-offline-sync]")) {
      sync();
    } else if (target.hasAttribute("data-offline-edit")) {
      editBack(target.getAttribute("data-offline-edit"));
    } else if (target.hasAttribute("data-offline-drop")) {
      if (window.confirm("این مشکل هرگز ثبت نشده است. از این دستگاه پاک شود؟")) {
        removeItem(target.getAttribute("data-offline-drop"));
      }
    }
  });

  // ---- sending what waits ----
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function signedOut(response) {
    return response.url.indexOf("/accounts/login/") !== -1 ||
      (response.headers.get("HX-Redirect") || "").indexOf("/accounts/login/") !== -1;
  }

  // A page answered from the cache may carry a token the server has since rotated (a new sign-in):
  // the live page's token, if the session still holds.
  function refreshToken() {
    return fetch(PAGE, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok || signedOut(response)) {
        return "";
      }
      return response.text().then(function (html) {
        var doc = new window.DOMParser().parseFromString(html, "text/html");
        var meta = doc.querySelector('meta[name="csrf-token"]');
        var token = meta ? meta.getAttribute("content") : "";
        if (token) {
          document.querySelector('meta[name="csrf-token"]').setAttribute("content", token);
          document.querySelectorAll('input[name="' + TOKEN + '"]').forEach(function (i) { i.value = token; });
        }
        return token;
      });
    });
  }

  function errorsOf(html) {
    var doc = new window.DOMParser().parseFromString(html, "text/html");
    var out = [];
    doc.querySelectorAll(".alert-danger > div, .alert-danger").forEach(function (node) {
      if (!node.children.length && node.textContent.trim()) {
        out.push(node.textContent.trim());
      }
    });
    doc.querySelectorAll(".invalid-feedback").forEach(function (box) {
      var wrap = box.closest(".mb-2, .form-check");
      var label = wrap && wrap.querySelector("label");
      var name = label ? label.textContent.replace("*", "").trim() + ": " : "";
      box.querySelectorAll("div").forEach(function (d) { out.push(name + d.textContent.trim()); });
    });
    return out.join(" — ");
  }

  function post(item, token) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append(KEY, item.key);
    item.files.forEach(function (f) { body.append(f.field, f.blob, f.name); });
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin", cache: "no-store",
      headers: { "X-CSRFToken": token, "HX-Request": "true" },
    });
  }

  // One problem: "sent", "refused" (kept, marked), "signin" (kept; stop), "later" (kept; stop).
  function sendOne(item, retried) {
    return post(item, csrfToken()).then(function (response) {
      if (signedOut(response)) {
        return { outcome: "signin", message: "نشست شما تمام شده است: دوباره وارد شوید و همین صفحه را باز کنید تا مشکلات منتظر فرستاده شوند." };
      }
      if (response.status === 403) {
        if (!retried) {
          return refreshToken().then(function (token) {
            return token ? sendOne(item, true) : { outcome: "signin", message: "سامانه درخواست را نپذیرفت (نشست یا توکن امنیتی کهنه است): دوباره وارد شوید و همین صفحه را باز کنید؛ مشکل روی دستگاه می‌ماند." };
          });
        }
        return { outcome: "signin", message: "سامانه درخواست را نپذیرفت (نشست یا توکن امنیتی کهنه است): دوباره وارد شوید و همین صفحه را باز کنید؛ مشکل روی دستگاه می‌ماند." };
      }
      if (response.ok && (response.headers.get("HX-Redirect") || response.redirected)) {
        return { outcome: "sent", url: response.headers.get("HX-Redirect") || response.url };
      }
      if (response.status >= 400 && response.status < 500) {
        return response.text().then(function (html) {
          var said = errorsOf(html);
          return { outcome: "refused", message: "سامانه این مشکل را نپذیرفت" + (said ? ": " + said : " (کد " + fa(response.status) + ").") };
        });
      }
      return { outcome: "later", message: "خطای سامانه (کد " + fa(response.status) + ")؛ بعداً دوباره فرستاده می‌شود." };
    }, function () {
      return { outcome: "later", message: "" }; // no network after all
    });
  }

  var running = false;
  function run() {
    var tried = {};
    var sent = 0;
    function next() {
      return allItems().then(function (items) {
        // Refused ones too: one fixed in the form and saved there is answered as made (its key).
        var item = items.filter(function (i) { return i.user === USER && !tried[i.key]; })[0];
        if (!item) {
          return;
        }
        tried[item.key] = true;
        return sendOne(item, false).then(function (result) {
          if (result.outcome === "sent") {
            sent += 1;
            sentNow.push({ summary: item.summary, url: result.url });
            return removeItem(item.key).then(next);
          }
          var editing = item.state === "editing" && result.outcome === "refused";
          item.state = editing ? "editing" : result.outcome === "later" ? "waiting" : result.outcome;
          item.message = result.message || item.message;
          item.tries = (item.tries || 0) + 1;
          return putItem(item).then(result.outcome === "refused" ? next : null);
        });
      });
    }
    return next().then(function () {
      lastNote = sent ? fa(sent) + " مشکل نگه‌داشته فرستاده و ثبت شد." : lastNote;
      return render();
    });
  }

  function sync() {
    if (running || navigator.onLine === false) {
      return render();
    }
    running = true;
    var done = function () { running = false; };
    var job = navigator.locks && navigator.locks.request
      // Another tab holding the lock is sending the same queue; this one just shows the result.
      ? navigator.locks.request(LOCK, { ifAvailable: true }, function (lock) { return lock ? run() : render(); })
      : run();
    return Promise.resolve(job).then(done, function () { done(); return render(); });
  }

  window.addEventListener("online", function () {
    var form = theForm();
    var box = form && form.querySelector("[data-network-status]");
    if (box && box.hasAttribute("data-offline-note")) {
      box.removeAttribute("data-offline-note");
      formStatus(form, "");
    }
    sync();
  });
  window.addEventListener("offline", function () { render(); });
  if (channel) {
    channel.onmessage = function () { render(); };
  }
  window.setInterval(function () {
    if (panel.getAttribute("data-pending") !== "0") { // refused ones wait for the user, not the clock
      sync();
    }
  }, RETRY_MS);

  var form = theForm();
  if (form) {
    giveFreshKey(form);
  }

  // ---- the service worker ----
  if ("serviceWorker" in navigator) {
    var servedByWorker = Boolean(navigator.serviceWorker.controller);
    var keepMe = function () {
      // The first visit came from the network, not through the worker: ask it to keep this page.
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "keep-page", url: window.location.href });
      }
    };
    navigator.serviceWorker.addEventListener("controllerchange", keepMe);
    navigator.serviceWorker.register("/sw.js").then(function () {
      if (!servedByWorker) {
        keepMe();
      }
    }, function () {});
  }

  sync();
})();
