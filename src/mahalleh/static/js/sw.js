/*
 * Mahalleh's service worker (served as /sw.js by core/offline.py, which puts the line
 * `self.MAHALLEH_OFFLINE = {version, static, pages, logout}` above this text).
 *
 * - The static files every kept page needs are fetched at install and answered from the cache
 *   (their bytes are in `version`: a deploy that changes one installs a new worker).
 * - The kept pages (the problem intake) go to the network first; a good answer (200, not a
 *   redirect to the sign-in page) is copied into the cache under its full URL; when the network is
 *   dead or silent for NETWORK_TIMEOUT ms the copy is answered — that URL's, else the same path's
 *   with any query (`?desk=12`).
 * - Signing out drops the kept pages (they show the user's neighborhoods), never the queue of
 *   unsent problems, which lives in IndexedDB (static/js/offline.js) and is not this worker's.
 * Nothing else is touched: every other request goes to the network as if there were no worker.
 */
/* global self, caches, fetch, URL, Response */
(function () {
  "use strict";

  var CONFIG = self.MAHALLEH_OFFLINE;
  var STATIC_CACHE = "mahalleh-static-" + CONFIG.version;
  var PAGE_CACHE = "mahalleh-pages-" + CONFIG.version;
  var NETWORK_TIMEOUT = 8000;

  function keptPage(url) {
    if (url.origin !== self.location.origin) return false;
    return CONFIG.pages.indexOf(url.pathname) !== -1 || (CONFIG.patterns || []).some(function (p) {
      return new RegExp(p).test(url.pathname);
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(STATIC_CACHE)
        .then(function (cache) { return cache.addAll(CONFIG.static); })
        .then(function () { return self.skipWaiting(); })
    );
  });

  // A new version's pages name the new static files: the old caches go (a page is kept again at its
  // next visit, and the page that installed this worker asks for its own copy at once).
  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("mahalleh-") === 0 && name !== STATIC_CACHE && name !== PAGE_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  function timeout(ms) {
    return new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("timeout")); }, ms);
    });
  }

  function keep(request, response) {
    var signedOut = response.redirected || response.url.indexOf("/accounts/login/") !== -1;
    if (response.status !== 200 || response.type !== "basic" || signedOut) {
      return Promise.resolve();
    }
    return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(request.url, response); });
  }

  function fromCache(url) {
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(url).then(function (hit) {
        return hit || cache.match(url, { ignoreSearch: true });
      });
    });
  }

  function networkFirst(event) {
    var request = event.request;
    var network = fetch(request);
    // The copy is taken before it is answered: the body of a Response can be read once.
    var kept = network.then(function (response) { return keep(request, response.clone()); }).catch(function () {});
    event.waitUntil(kept);
    return Promise.race([network, timeout(NETWORK_TIMEOUT)]).catch(function (error) {
      return fromCache(request.url).then(function (hit) {
        if (hit) {
          return hit;
        }
        // No copy: the page was never opened here. Wait for the network after all.
        return network.catch(function () { throw error; });
      });
    });
  }

  self.addEventListener("message", function (event) {
    // offline.js: «keep the page I am» — the first visit was not served by this worker.
    var data = event.data || {};
    if (data.type === "keep-page" && data.url) {
      var url = new URL(data.url);
      if (keptPage(url)) {
        event.waitUntil(fetch(url.href, { credentials: "same-origin" })
          .then(function (response) { return keep(new Request(url.href), response); })
          .catch(function () {}));
      }
    }
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) {
      return;
    }
    if (request.method === "POST" && url.pathname === CONFIG.logout) {
      event.waitUntil(caches.delete(PAGE_CACHE));
      return;
    }
    if (request.method !== "GET") {
      return;
    }
    if (request.mode === "navigate" && keptPage(url)) {
      event.respondWith(networkFirst(event));
      return;
    }
    if (CONFIG.static.indexOf(url.pathname) !== -1) {
      event.respondWith(caches.open(STATIC_CACHE).then(function (cache) {
        return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
      }));
    }
  });
})();
