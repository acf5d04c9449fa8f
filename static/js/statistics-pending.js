// The statistics page while its figures are computed by the worker: come back for them
// every two seconds, for at most a minute. Without JavaScript the link does the same.
(function () {
  "use strict";
  var key = "statistics-pending:" + location.search;
  var now = Date.now();
  var first = Number(sessionStorage.getItem(key) || 0);
  if (!first || now - first > 5 * 60 * 1000) {
    first = now;
    sessionStorage.setItem(key, String(now));
  }
  if (now - first > 60 * 1000) { return; }
  setTimeout(function () { location.reload(); }, 2000);
})();
