// Draws the dashboard's charts from the numbers the page carries in #dashboard-data
// (the CSP forbids inline scripts). Each chart's numbers are also in a table beside it.
(function () {
  "use strict";
  var PALETTE = ["#2e90fa", "#12b76a", "#f79009", "#f04438", "#7a5af8", "#06aed4",
                 "#ee46bc", "#667085", "#84cc16", "#b54708", "#1d2939", "#fda29b"];

  // Long list labels ("None given (the outlet's own assertion)") would crowd out the bars.
  function shorten(label) {
    return label.length > 28 ? label.slice(0, 27) + "…" : label;
  }

  function config(type, figure) {
    var many = type === "doughnut";
    var across = type === "column";
    var axis = { beginAtZero: true, ticks: { precision: 0 } };
    var labels = { ticks: { callback: function (value) { return shorten(this.getLabelForValue(value)); } } };
    return {
      type: across ? "bar" : type,
      data: {
        labels: figure.labels,
        datasets: [{
          label: "Claims",
          data: figure.counts,
          backgroundColor: many ? PALETTE : PALETTE[0],
          borderColor: type === "line" ? PALETTE[0] : undefined,
          maxBarThickness: 48
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: type === "bar" ? "y" : "x",
        plugins: { legend: { display: many, position: "right" } },
        scales: many ? {} : (type === "bar" ? { x: axis, y: labels } : { x: {}, y: axis })
      }
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var figure = data[canvas.dataset.chart];
      if (figure && figure.counts.length) {
        new Chart(canvas, config(canvas.dataset.type, figure));
        canvas.dataset.drawn = "1";
      }
    });
  }

  // While the worker counts (again), ask every few seconds whether it has finished, then say so
  // (or, on the page of a first count, show the figures).
  function watchRecount() {
    var notice = document.getElementById("counted");
    if (!notice || !notice.dataset.freshnessUrl) { return; }
    var timer = setInterval(function () {
      fetch(notice.dataset.freshnessUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (answer && !answer.stale) {
            clearInterval(timer);
            if (notice.dataset.reload) {   // no figures on the page yet: show them at once
              window.location.reload();
              return;
            }
            notice.classList.replace("counted-stale", "counted-ready");
            notice.textContent = "The new count is ready. ";
            var link = document.createElement("a");
            link.href = window.location.href;
            link.id = "counted-reload";
            link.textContent = "Show it";
            notice.appendChild(link);
          }
        })
        .catch(function () { /* try again at the next tick */ });
    }, 3000);
  }

  function start() {
    draw();
    watchRecount();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
