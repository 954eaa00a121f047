/*
 * The dashboards' charts (issue 12): reads the figures from the page's JSON (json_script
 * "dashboard-charts", reports.dashboards.FigureGroup.chart_data) and draws each on its
 * <canvas data-chart="key"> with the vendored Chart.js: right-to-left legend and tooltips,
 * Vazirmatn, Persian digits on axes, tooltips and labels. A click on a bar or a slice opens the list
 * of the rows it counts. No inline script (the Content-Security-Policy refuses it).
 */
(function () {
  "use strict";

  var number = new Intl.NumberFormat("fa-IR");
  var palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];

  function fa(value) {
    return typeof value === "number" ? number.format(value) : value;
  }

  function draw(spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.key + '"]');
    if (!canvas || !window.Chart) {
      return;
    }
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (ds, i) {
      return {
        label: ds.label,
        data: ds.data,
        links: ds.links,
        backgroundColor: doughnut ? palette.slice(0, ds.data.length) : palette[i % palette.length],
      };
    });
    if (doughnut) {
      datasets = datasets.slice(0, 1);
    }
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "fa-IR",
      plugins: {
        legend: { rtl: true, textDirection: "rtl", position: "bottom" },
        tooltip: {
          rtl: true,
          textDirection: "rtl",
          callbacks: {
            label: function (ctx) {
              var value = doughnut ? ctx.parsed : (spec.horizontal ? ctx.parsed.x : ctx.parsed.y);
              return (doughnut ? ctx.label : ctx.dataset.label) + ": " + fa(value);
            },
          },
        },
      },
      onClick: function (event, elements, chart) {
        if (!elements.length) {
          return;
        }
        var el = elements[0];
        var url = chart.data.datasets[el.datasetIndex].links[el.index];
        if (url) {
          window.location.href = url;
        }
      },
    };
    if (!doughnut) {
      options.indexAxis = "y";
      options.scales = {
        // right to left: zero at the right, beside the labels; the bars grow leftwards
        x: { position: "top", reverse: true, ticks: { precision: 0, callback: function (v) { return fa(v); } } },
        y: { position: "right", ticks: { autoSkip: false } },
      };
    }
    var chart = new window.Chart(canvas, { type: doughnut ? "doughnut" : "bar", data: { labels: spec.labels, datasets: datasets }, options: options });
    canvas.setAttribute("data-drawn", chart ? "1" : "0");
  }

  function start() {
    var node = document.getElementById("dashboard-charts");
    if (!node || !window.Chart) {
      return;
    }
    window.Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    JSON.parse(node.textContent).forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
