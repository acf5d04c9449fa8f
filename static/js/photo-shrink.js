/* Photos chosen in the report form are made smaller before they are sent: long edge at
 * most 2,000 px, as JPEG, so a 12 MB phone photo goes as about 1 MB. Drawing the photo
 * anew also leaves its location metadata behind. What is still larger than the limit the
 * field states (data-max-bytes), photo or not, is taken out of the choice and the page
 * says why, before anything is uploaded. The server checks every file again.
 * Other scripts wait for window.avvikPhotosReady before they read the field. */
"use strict";
(function () {
  const MAX_EDGE = 2000;
  const QUALITY = 0.85;
  const SHRINKABLE = /^image\/(jpeg|png|webp)$/;
  const texts = document.getElementById("offline-texts");
  window.avvikPhotosReady = Promise.resolve();

  function messageBox(input) {
    let box = input.parentElement.querySelector(".photo-shrink-message");
    if (!box) {
      box = document.createElement("div");
      box.className = "photo-shrink-message form-text";
      box.id = input.id + "-shrink";
      box.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  async function shrink(file) {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg" && file.size < 1024 * 1024) {
      return file; // already small
    }
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // a transparent PNG gets a white background, not black
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob || blob.size >= file.size) return file;
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  async function shrinkChoice(input) {
    const limit = Number(input.dataset.maxBytes);
    const box = messageBox(input);
    box.classList.remove("text-danger");
    box.textContent = texts ? texts.dataset.shrinking : "";
    const kept = new DataTransfer();
    const refused = [];
    for (const file of Array.from(input.files)) {
      let chosen = file;
      if (SHRINKABLE.test(file.type)) {
        try {
          chosen = await shrink(file);
        } catch (error) {
          chosen = file; // the server says what is wrong with it
        }
      }
      if (limit && chosen.size > limit) {
        refused.push(
          (texts ? texts.dataset.tooLarge : "{name}: {size} MB")
            .replace("{name}", file.name)
            .replace("{size}", (chosen.size / 1024 / 1024).toFixed(1))
        );
      } else {
        kept.items.add(chosen);
      }
    }
    input.files = kept.files;
    box.textContent = refused.join(" ");
    box.classList.toggle("text-danger", refused.length > 0);
    if (refused.length) input.setAttribute("aria-describedby", box.id);
  }

  if (typeof DataTransfer === "undefined" || typeof createImageBitmap === "undefined") return;
  for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) {
    input.addEventListener("change", () => {
      window.avvikPhotosBusy = true;
      window.avvikPhotosReady = shrinkChoice(input).finally(() => {
        window.avvikPhotosBusy = false;
      });
    });
  }
})();
