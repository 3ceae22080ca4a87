// Draws each insights chart from the figures the server put in #insights-charts; the table
// beside each chart holds the same numbers, so the page reads fine without this script.
//
// Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
// deficiencies); the trend's lines also differ by point shape and dash, so they can be told
// apart without colour, and every series is named in the legend.

const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];
const POINT_STYLES = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross"];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4], [4, 2]];

function headerOf(columns, name) {
  const column = columns.find(([key]) => key === name);
  return column ? column[1] : name;
}

function barConfig({ chart, columns, rows }) {
  const labels = rows.map((row) =>
    chart.group ? `${row[chart.label]} (${row[chart.group]})` : String(row[chart.label]),
  );
  return {
    type: "bar",
    data: {
      labels,
      datasets: [
        {
          label: headerOf(columns, chart.value),
          data: rows.map((row) => row[chart.value]),
          backgroundColor: PALETTE[0],
          borderColor: "#003f63",
          borderWidth: 1,
        },
      ],
    },
    options: {
      indexAxis: chart.vertical ? "x" : "y",
      plugins: { legend: { display: false } },
      scales: {
        [chart.vertical ? "y" : "x"]: {
          beginAtZero: true,
          ticks: { precision: 0 },
          // Shares are drawn against the whole, so small ones look small.
          ...(chart.value === "share" ? { max: 100, title: { display: true, text: "%" } } : {}),
        },
      },
    },
  };
}

function lineConfig({ chart, columns, rows }) {
  return {
    type: "line",
    data: {
      labels: rows.map((row) => row[chart.label]),
      datasets: chart.series.map((name, index) => ({
        label: headerOf(columns, name),
        data: rows.map((row) => row[name]),
        borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: PALETTE[index % PALETTE.length],
        borderDash: DASHES[index % DASHES.length],
        pointStyle: POINT_STYLES[index % POINT_STYLES.length],
        pointRadius: 5,
        borderWidth: 2,
      })),
    },
    options: {
      plugins: { legend: { labels: { usePointStyle: true } } },
      scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: "%" } } },
    },
  };
}

function draw(container, figures) {
  const canvas = container.querySelector("canvas");
  if (!canvas || !figures || figures.rows.length === 0) {
    container.hidden = true;
    return;
  }
  const config = figures.chart.type === "line" ? lineConfig(figures) : barConfig(figures);
  config.options.animation = false;
  config.options.maintainAspectRatio = false;
  if (config.options.indexAxis === "y") {
    container.style.height = `${Math.max(8, figures.rows.length * 1.9 + 3)}rem`;
  }
  new window.Chart(canvas, config);
  container.dataset.drawn = "true";
}

function drawAll() {
  const source = document.getElementById("insights-charts");
  if (!source || !window.Chart) return;
  const charts = JSON.parse(source.textContent);
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = "#222";
  for (const container of document.querySelectorAll("[data-chart]")) {
    const key = container.dataset.chart;
    draw(container, key === "chart" ? charts : charts[key]);
  }
}

drawAll();
