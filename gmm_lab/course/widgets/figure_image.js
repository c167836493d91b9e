// A static figure as an <img> with its alt text (gmm_lab.course.widgets.access.FigureImage).
//
// JupyterLab 4.6 draws an image/png output as an <img> without alt, whatever the output's
// metadata says (renderImage reads only width, height and unconfined); in JupyterLab with
// a kernel this view is shown instead, and it carries the alt text. An anywidget ES module,
// sent by the kernel: nothing is loaded from elsewhere.

function render({ model, el }) {
  const img = document.createElement("img");
  img.className = "gmm-static-figure";
  img.style.maxWidth = "100%";
  img.style.height = "auto";
  let url = null;
  const update = () => {
    const old = url;
    url = URL.createObjectURL(new Blob([model.get("value")], { type: "image/png" }));
    img.src = url;
    img.alt = model.get("alt");
    if (old) URL.revokeObjectURL(old);
  };
  update();
  model.on("change:value", update);
  model.on("change:alt", update);
  el.appendChild(img);
  return () => {
    model.off("change:value", update);
    model.off("change:alt", update);
    if (url) URL.revokeObjectURL(url);
  };
}

export default { render };
