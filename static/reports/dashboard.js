// Draws each chart of the dashboard from the JSON next to it. The same numbers
// are in the table under the chart, which screen readers and printouts use.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#a3261c", "#1f5fbf", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    data.datasets.forEach(function (dataset, index) {
      dataset.backgroundColor = palette[index % palette.length];
      dataset.borderColor = palette[index % palette.length];
    });
    new Chart(canvas, {
      type: canvas.dataset.chart,
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: data.datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
