"use strict";
// Body maps for the same component (index.html): the vendored SVGs, served from this folder, with the regions
// that data/body_map.tsv names made clickable. A click reports {picture, region, click}; labels are DOM text only.
const svgTexts = {};
let lastBody = "";

function fetchSvg(file) {
  if (!svgTexts[file]) {
    svgTexts[file] = fetch("./" + file).then(function (r) {
      if (!r.ok) { throw new Error(file + ": " + r.status); }
      return r.text();
    });
  }
  return svgTexts[file];
}

function regionElements(svg, attribute, id) {
  const selector = attribute === "id" ? "#" + CSS.escape(id) : "[" + attribute + '="' + CSS.escape(id) + '"]';
  return Array.from(svg.querySelectorAll(selector));
}

function pictureElement(picture, svgText) {
  const figure = document.createElement("figure");
  figure.className = "picture";
  const heading = document.createElement("figcaption");
  heading.className = "title";
  heading.textContent = picture.title;
  figure.appendChild(heading);
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = document.importNode(doc.documentElement, true);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  if (picture.view_box) { svg.setAttribute("viewBox", picture.view_box); }
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", picture.title);
  svg.setAttribute("data-picture", picture.name);
  Object.keys(picture.regions).forEach(function (id) {
    const region = picture.regions[id];
    regionElements(svg, picture.attribute, id).forEach(function (el) {
      el.classList.add("akg-region");
      el.setAttribute("data-region", id);
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", region.label);
      if (region.fill) { el.style.fill = region.fill; }
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = region.label;
      el.insertBefore(title, el.firstChild);
      const report = function () {
        send("streamlit:setComponentValue", {
          value: { picture: picture.name, region: id, click: Date.now() + Math.random() }, dataType: "json",
        });
      };
      el.addEventListener("click", report);
      el.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); report(); }
      });
    });
  });
  figure.appendChild(svg);
  const credit = document.createElement("div");
  credit.className = "credit";
  credit.textContent = picture.attribution;
  figure.appendChild(credit);
  return figure;
}

function drawBody(text, height) {
  if (text === lastBody) {
    send("streamlit:setFrameHeight", { height: document.body.scrollHeight + 4 });
    return;
  }
  lastBody = text;
  const body = JSON.parse(text);
  document.getElementById("graph").style.display = "none";
  document.getElementById("legend").style.display = "none";
  const box = document.getElementById("body");
  box.style.display = "flex";
  box.style.setProperty("--picture-height", (height - 60) + "px");
  Promise.all(body.pictures.map(function (p) { return fetchSvg(p.file); })).then(function (texts) {
    if (text !== lastBody) { return; }  // a newer render arrived meanwhile
    box.replaceChildren.apply(box, body.pictures.map(function (p, i) { return pictureElement(p, texts[i]); }));
    document.getElementById("note").textContent = body.hint || "";
    window.bodyReady = true;  // read by the browser tests
    send("streamlit:setFrameHeight", { height: document.body.scrollHeight + 4 });
  }).catch(function (error) {
    document.getElementById("note").textContent = "The body map could not be drawn: " + error;
  });
}
