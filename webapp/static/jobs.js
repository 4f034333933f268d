// A job's page: poll its status until it ends, moving the progress bar; then reload once so
// the server renders the report (never built from the job's text as HTML here).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job-status]").forEach((box) => {
    if (["done", "failed", "stalled"].includes(box.dataset.jobState)) return;
    const bar = box.querySelector("progress");
    const text = box.querySelector("[data-job-text]");
    let delay = 400;
    const poll = async () => {
      let job;
      try {
        const response = await fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        job = await response.json();
      } catch (err) {
        text.textContent = "Lost contact with the server; retrying…";
        setTimeout(poll, 3000);
        return;
      }
      if (job.percent !== null) bar.value = job.percent; else bar.removeAttribute("value");
      text.textContent = job.total ? `${job.done.toLocaleString()} of ${job.total.toLocaleString()}`
        : job.status === "queued" ? "Waiting for the worker…" : `${job.done.toLocaleString()} so far`;
      if (job.status === "done" || job.status === "failed" || job.stalled) {
        window.location.reload();
        return;
      }
      delay = Math.min(delay * 1.3, 2000);
      setTimeout(poll, delay);
    };
    setTimeout(poll, delay);
  });
});
