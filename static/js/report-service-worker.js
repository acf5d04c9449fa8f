/* The report form's service worker. The view that serves it (cases/views/offline.py)
 * puts PRECACHE, FORM_PATHS, LOGOUT_PATH and CACHE_VERSION above this line.
 *
 * - Static files: kept on install, answered from the cache.
 * - The report forms (the ordinary one and the posters'): fetched from the network when
 *   there is one, and kept; without coverage the kept copy is answered, with a fresh
 *   one-time submission token, so two reports written offline stay two reports.
 * - Everything else goes to the network as usual.
 * Sending is not done here: static/js/offline-queue.js keeps and sends the reports.
 */
/* global PRECACHE, FORM_PATHS, LOGOUT_PATH, CACHE_VERSION */
"use strict";

const STATIC_CACHE = "avvik-static-" + CACHE_VERSION;
const PAGE_CACHE = "avvik-forms";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((name) => name.startsWith("avvik-static-") && name !== STATIC_CACHE)
          .map((name) => caches.delete(name))
      )
    ).then(() => self.clients.claim())
  );
});

function isForm(url) {
  return FORM_PATHS.some((path) => url.pathname === path || url.pathname.startsWith(path) && path.endsWith("plakat/"));
}

function localMinute(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

// The kept form as it would come from the server now: a one-time submission token of its
// own and the time of day prefilled.
function freshForm(html) {
  return html
    .replace(/(name="submission_token"[^>]*value=")[^"]*"/, `$1${self.crypto.randomUUID()}"`)
    .replace(/(name="occurred_at"[^>]*value=")[^"]*"/, `$1${localMinute(new Date())}"`);
}

async function formFromNetworkOrCache(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const kept = (await cache.match(request.url)) || (await cache.match(request.url, { ignoreSearch: true }));
    if (!kept) throw error;
    const html = freshForm(await kept.text());
    return new Response(html, {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "X-Avvik-Offline": "1" },
    });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "POST" && url.pathname === LOGOUT_PATH) {
    // The kept forms show who was logged in: they go when that person logs out.
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isForm(url)) {
    event.respondWith(formFromNetworkOrCache(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});
