/* The report form without coverage. The service worker (report-service-worker.js) keeps
 * the form on the phone; this script keeps what was written and the photos chosen in
 * IndexedDB when the phone is offline as the report is sent, says so, and sends it by itself when the
 * phone is online again or the form is next opened. Each kept report carries its form's
 * one-time submission token, so the server files it once however often it arrives.
 * Online, and without JavaScript, the form is sent as an ordinary form. */
"use strict";
(function () {
  const texts = document.getElementById("offline-texts");
  const form = document.querySelector("form[data-offline-queue]");
  const status = document.getElementById("offline-status");
  const DB_NAME = "avvik-offline";
  const STORE = "reports";

  if ("serviceWorker" in navigator && texts) {
    navigator.serviceWorker.register(texts.dataset.swUrl).catch(() => {});
  }
  if (!("indexedDB" in window) || !texts) return;

  function say(message) {
    if (!status) return;
    status.textContent = message;
    status.classList.remove("d-none");
    status.focus();
  }

  function database() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function inStore(mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result && result.result);
      transaction.onerror = () => reject(transaction.error);
    });
  }

  const keep = (report) => inStore("readwrite", (store) => store.add(report));
  const forget = (id) => inStore("readwrite", (store) => store.delete(id));
  const keptReports = () => inStore("readonly", (store) => store.getAll());

  function entriesOf(formData) {
    const entries = [];
    for (const [name, value] of formData.entries()) {
      if (value instanceof File) {
        if (!value.name && value.size === 0) continue; // no file chosen
        entries.push({ name, blob: value, filename: value.name });
      } else {
        entries.push({ name, value });
      }
    }
    return entries;
  }

  function formDataOf(entries, csrfToken) {
    const data = new FormData();
    for (const entry of entries) {
      if (entry.name === "csrfmiddlewaretoken") data.append(entry.name, csrfToken || entry.value);
      else if (entry.blob) data.append(entry.name, entry.blob, entry.filename);
      else data.append(entry.name, entry.value);
    }
    return data;
  }

  function show(response) {
    if (response.redirected) {
      window.location.assign(response.url);
      return;
    }
    response.text().then((html) => {
      document.open();
      document.write(html);
      document.close();
    });
  }

  // A fresh CSRF token from the form's own page: the one kept with the report may be
  // stale (a new login changes it). Null when the page asks to log in first.
  async function freshToken(url) {
    const page = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (page.redirected && new URL(page.url).pathname !== new URL(url, location.href).pathname) {
      return null;
    }
    const html = await page.text();
    const found = new DOMParser()
      .parseFromString(html, "text/html")
      .querySelector('input[name="csrfmiddlewaretoken"]');
    return found ? found.value : "";
  }

  let sending = false;
  async function sendKept() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      // Only the person who wrote a report sends it: on a shared phone, a report kept
      // by one employee is never filed in the name of the next one who logs in.
      const owner = form ? form.getAttribute("data-offline-owner") : null;
      const reports = ((await keptReports()) || []).filter((report) => report.owner === owner);
      if (!reports.length) return;
      say(texts.dataset.sending);
      let last = null;
      for (const report of reports) {
        let token;
        try {
          token = await freshToken(report.url);
        } catch (error) {
          say(texts.dataset.queued);
          return; // still no connection
        }
        if (token === null) {
          say(texts.dataset.login);
          return;
        }
        let response;
        try {
          response = await fetch(report.url, {
            method: "POST",
            body: formDataOf(report.entries, token),
            credentials: "same-origin",
          });
        } catch (error) {
          say(texts.dataset.queued);
          return;
        }
        // The server answered: it has the report (or says what is wrong with it).
        await forget(report.id);
        last = response;
      }
      if (last) show(last);
    } finally {
      sending = false;
    }
  }

  async function keepForLater(entries) {
    await keep({
      url: form.getAttribute("data-offline-queue"),
      owner: form.getAttribute("data-offline-owner"),
      entries,
      keptAt: Date.now(),
    });
    // The next report written on this page is another report, with a token of its own.
    form.reset();
    const token = form.querySelector('input[name="submission_token"]');
    if (token && window.crypto && crypto.randomUUID) token.value = crypto.randomUUID();
    say(texts.dataset.queued);
  }

  if (form) {
    let letThrough = false;
    form.addEventListener("submit", async (event) => {
      const submitter = event.submitter;
      if (submitter && submitter.name !== "submit_report") return; // e.g. the unit search
      if (letThrough) {
        letThrough = false;
        return;
      }
      if (navigator.onLine) {
        // Online the form is sent as an ordinary form, once the photos are made smaller.
        if (!window.avvikPhotosBusy) return;
        event.preventDefault();
        await window.avvikPhotosReady;
        letThrough = true;
        form.requestSubmit(submitter || undefined);
        return;
      }
      event.preventDefault();
      await window.avvikPhotosReady;
      const data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      await keepForLater(entriesOf(data));
    });
  }

  function sayWhenOffline() {
    if (form && !navigator.onLine) say(texts.dataset.offline);
  }

  window.addEventListener("offline", sayWhenOffline);
  window.addEventListener("online", sendKept);
  sayWhenOffline();
  sendKept();
})();
