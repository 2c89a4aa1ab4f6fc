// forewarn's page: sends the work to /v1/render, shows the report it answers with, and keeps
// the reader's profile (the labels that matter to them) in localStorage. No libraries, no
// network beyond this server. Without this script the form still works (it posts to
// /v1/render and the browser shows the report page).
"use strict";

(function () {
  const PROFILE_KEY = "forewarn.profile.v1";
  const $ = (id) => document.getElementById(id);
  const form = $("scan-form");
  const text = $("text");
  const file = $("file");
  const drop = $("drop");
  const fileName = $("file-name");
  const fileClear = $("file-clear");
  const status = $("status");
  const errorBox = $("error");
  const button = $("scan-button");
  const results = $("results");
  const profileBox = $("profile-labels");
  const profileSummary = $("profile-summary");
  let labels = []; // [{id, name, kind}]

  function readProfile() {
    try {
      const ids = JSON.parse(localStorage.getItem(PROFILE_KEY) || "[]");
      return new Set(Array.isArray(ids) ? ids.filter((x) => typeof x === "string") : []);
    } catch (e) {
      return new Set();
    }
  }

  function saveProfile(ids) {
    try {
      localStorage.setItem(PROFILE_KEY, JSON.stringify([...ids]));
    } catch (e) {
      // Private windows may refuse storage; the profile then lasts for this page only.
    }
  }

  let profile = readProfile();

  function showFile() {
    const chosen = file.files && file.files[0];
    fileName.textContent = chosen ? "Selected: " + chosen.name + " (scanned instead of any pasted text)" : "";
    fileClear.hidden = !chosen;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  file.addEventListener("change", showFile);
  fileClear.addEventListener("click", () => {
    file.value = "";
    showFile();
    file.focus();
  });
  ["dragenter", "dragover"].forEach((type) =>
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      file.files = event.dataTransfer.files;
      showFile();
    }
  });
  $("clear").addEventListener("click", () => {
    form.reset();
    showFile();
    showError("");
    results.replaceChildren();
    status.textContent = "";
    text.focus();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError("");
    const hasFile = file.files && file.files.length > 0;
    if (!hasFile && !text.value.trim()) {
      showError("Paste some text or choose a file first.");
      text.focus();
      return;
    }
    const body = new FormData();
    if (hasFile) {
      body.append("file", file.files[0], file.files[0].name);
    } else {
      body.append("text", text.value);
    }
    button.disabled = true;
    results.setAttribute("aria-busy", "true");
    status.textContent = "Reading…";
    try {
      // The labels in the reader's profile are asked: the report answers each yes, no or unsure.
      const ask = Array.from(profile).join(",");
      const url = ask ? "/v1/render?ask=" + encodeURIComponent(ask) : "/v1/render";
      const response = await fetch(url, { method: "POST", body });
      if (!response.ok) {
        let message = "The server answered " + response.status + ".";
        try {
          const error = await response.json();
          if (error && error.error) message = error.error;
        } catch (e) {
          // Not JSON: keep the status line.
        }
        throw new Error(message);
      }
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const main = page.querySelector("main");
      results.replaceChildren(...(main ? Array.from(main.childNodes) : []));
      applyProfile();
      tidy();
      status.textContent = summary();
      results.focus();
    } catch (e) {
      status.textContent = "";
      showError("Could not scan: " + e.message);
    } finally {
      button.disabled = false;
      results.removeAttribute("aria-busy");
    }
  });

  // A pasted text has no path: drop the path line that would only repeat the title.
  function tidy() {
    results.querySelectorAll(".work-head").forEach((head) => {
      const title = head.querySelector("h2");
      const path = head.querySelector(".path");
      if (title && path && title.textContent.trim() === path.textContent.trim()) path.remove();
    });
  }

  // One sentence for the live region: the rating and the warnings, no passages.
  function summary() {
    const rating = results.querySelector(".rating-name");
    const names = Array.from(results.querySelectorAll(".warning .w-name")).map((n) => n.textContent);
    let line = rating ? "Rating: " + rating.textContent + ". " : "";
    line += names.length ? names.length + (names.length === 1 ? " warning: " : " warnings: ") + names.join(", ") + "." : "No warnings detected.";
    return line;
  }

  function labelId(name) {
    const found = labels.find((l) => l.name === name);
    return found ? found.id : null;
  }

  // Marks the warnings in the profile and folds the others away behind a button.
  function applyProfile() {
    results.querySelectorAll(".others-toggle, .profile-found, .mine-tag").forEach((n) => n.remove());
    results.querySelectorAll(".warning").forEach((w) => w.classList.remove("mine", "not-mine"));
    results.querySelectorAll(".group").forEach((g) => g.classList.remove("show-others"));
    updateProfileSummary();
    if (!profile.size) return;
    const found = [];
    results.querySelectorAll(".warning").forEach((w) => {
      const nameNode = w.querySelector(".w-name");
      const id = nameNode && labelId(nameNode.textContent);
      if (id && profile.has(id)) {
        w.classList.add("mine");
        const tag = document.createElement("span");
        tag.className = "mine-tag";
        tag.textContent = "in your profile";
        nameNode.after(tag);
        found.push(nameNode.textContent);
      } else {
        w.classList.add("not-mine");
      }
    });
    results.querySelectorAll(".group").forEach((group) => {
      const others = group.querySelectorAll(".warning.not-mine").length;
      if (!others) return;
      const toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "link-button others-toggle";
      toggle.setAttribute("aria-expanded", "false");
      const label = (open) =>
        (open ? "Hide " : "Show ") + others + (others === 1 ? " warning" : " warnings") + " outside your profile";
      toggle.textContent = label(false);
      toggle.addEventListener("click", () => {
        const open = group.classList.toggle("show-others");
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = label(open);
      });
      group.append(toggle);
    });
    // The report answers the profile's labels itself when it was asked them.
    if (results.querySelector(".answers")) return;
    results.querySelectorAll(".rating").forEach((rating) => {
      const note = document.createElement("p");
      note.className = "profile-found";
      note.textContent = found.length
        ? "From your profile: " + found.join(", ") + "."
        : "None of the labels in your profile were detected.";
      rating.after(note);
    });
  }

  function updateProfileSummary() {
    const names = labels.filter((l) => profile.has(l.id)).map((l) => l.name);
    profileSummary.textContent = names.length
      ? names.length + (names.length === 1 ? " label matters to you: " : " labels matter to you: ") + names.join(", ")
      : "Every warning is shown. Choose the labels that matter to you.";
  }

  function drawProfile() {
    profileBox.replaceChildren();
    [
      ["archive", "Archive warnings"],
      ["content", "Content warnings"],
    ].forEach(([kind, title]) => {
      const heading = document.createElement("h3");
      heading.textContent = title;
      profileBox.append(heading);
      labels
        .filter((l) => l.kind === kind)
        .forEach((l) => {
          const row = document.createElement("label");
          const box = document.createElement("input");
          box.type = "checkbox";
          box.value = l.id;
          box.checked = profile.has(l.id);
          box.addEventListener("change", () => {
            if (box.checked) profile.add(l.id);
            else profile.delete(l.id);
            saveProfile(profile);
            applyProfile();
          });
          const name = document.createElement("span");
          name.textContent = l.name;
          name.title = l.definition || "";
          row.append(box, name);
          profileBox.append(row);
        });
    });
    updateProfileSummary();
  }

  $("profile-clear").addEventListener("click", () => {
    profile = new Set();
    saveProfile(profile);
    drawProfile();
    applyProfile();
  });

  fetch("/v1/labels")
    .then((r) => r.json())
    .then((taxonomy) => {
      labels = taxonomy.labels || [];
      drawProfile();
    })
    .catch(() => {
      profileBox.textContent = "The labels could not be loaded.";
    });
})();
