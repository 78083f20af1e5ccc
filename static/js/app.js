// The site's one script, loaded by templates/base.jinja as <script type="module">.
//
// NHS.UK frontend 10's compiled JS is an ES module that exports initAll and runs
// nothing by itself, so this file is a module too and imports it. Browsers too old
// for modules run neither file and get the plain HTML, which is what NHS.UK
// frontend's own inline check ('noModule' in HTMLScriptElement.prototype) decides.
// The relative import resolves against this file's URL. If STORAGES ever uses
// ManifestStaticFilesStorage, subclass it with support_js_module_import_aggregation
// = True so the hashed app.js imports the hashed bundle.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

// What nhsuk/template.jinja's inline script does; reaching this line proves modules work.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Axes make room for their own labels rather than letting them run off the chart's edge.
// In a narrow box (a phone held upright) long category labels beside a y axis would leave the
// plot no room, so there each label sits above its row instead, as an annotation.
const NARROW_FIGURE = 480;
function fitAxes(figure, width) {
  const layout = figure.layout || {};
  for (const [key, axis] of Object.entries(layout)) {
    if (!/^[xy]axis\d*$/.test(key) || !axis) continue;
    axis.automargin ??= true;
    if (width < NARROW_FIGURE && key.startsWith("y") && axis.type === "category") {
      labelRowsAbove(layout, figure.data || [], key);
    }
  }
  return layout;
}

function labelRowsAbove(layout, data, key) {
  const axis = layout[key];
  const ref = key.replace("axis", ""); // yaxis2 -> y2
  const rows = axis.categoryarray || [
    ...new Set(data.filter((trace) => (trace.yaxis || "y") === ref).flatMap((t) => t.y || [])),
  ];
  axis.showticklabels = false;
  const size = Math.min(12, (layout.font && layout.font.size) || 12);
  layout.annotations = (layout.annotations || []).concat(
    rows.map((row) => ({
      text: row,
      showarrow: false,
      xref: "paper",
      x: 0,
      xanchor: "left",
      yref: ref,
      y: row,
      yanchor: "bottom",
      yshift: 8, // clear of a marker drawn on the row
      font: { size },
    })),
  );
}

// Charts: <div data-figure="ID"> names a <script type="application/json" id="ID">
// written by Django's json_script, holding {"data": [...], "layout": {...}, "config": {...}}.
// base.jinja loads plotly.js (deferred, so it has run by now) only when needs_plotly.
function drawFigures() {
  if (!window.Plotly) return;
  for (const element of document.querySelectorAll("[data-figure]")) {
    const blob = document.getElementById(element.dataset.figure);
    if (!blob) continue;
    try {
      const figure = JSON.parse(blob.textContent);
      const config = Object.assign({ displaylogo: false, responsive: true }, figure.config);
      const layout = fitAxes(figure, element.clientWidth);
      window.Plotly.newPlot(element, figure.data || [], layout, config);
    } catch (error) {
      // One bad figure must not stop the others; the table beside it still has the numbers.
      console.error(`Could not draw figure ${element.dataset.figure}`, error);
    }
  }
}

// <button data-copy-target="ID"> copies the text of #ID, e.g. a citation or a permalink.
// Rendered with the `hidden` attribute so it only appears when it can work.
function enableCopyButtons() {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy-target]")) {
    const label = button.textContent;
    button.setAttribute("aria-live", "polite"); // so "Copied" is announced
    button.hidden = false;
    button.addEventListener("click", async () => {
      const target = document.getElementById(button.dataset.copyTarget);
      if (!target) return;
      try {
        await navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = "Copied";
      } catch {
        button.textContent = "Could not copy: select the text and copy it";
      }
      setTimeout(() => {
        button.textContent = label;
      }, 3000);
    });
  }
}

drawFigures();
enableCopyButtons();
