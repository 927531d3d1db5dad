// The module's DICOM viewer: one series of a recorded study through the module's own WADO-RS (/dicomweb), in
// Cornerstone3D's stack viewport, with stack scroll (wheel, slider), window/level (left drag, CT presets), zoom
// (right drag), pan (middle drag) and the RT structure sets of the study drawn as contours in their ROI colours on
// the slices they belong to, with a legend to toggle them. State for tests and screen readers is in data attributes
// of #pacs-viewer: data-state (loading, ready, error), data-slice, data-slices, data-voi.
import {
  init as coreInit, RenderingEngine, Enums, setUseCPURendering, metaData,
} from '@cornerstonejs/core';
import {
  init as toolsInit, addTool, ToolGroupManager, StackScrollTool, WindowLevelTool, ZoomTool, PanTool,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';
import { init as loaderInit, wadors } from '@cornerstonejs/dicom-image-loader';

const root = document.getElementById('pacs-viewer');
const base = root.dataset.base; // e.g. /pacs/dicomweb
const studyUid = root.dataset.study;
const seriesUid = root.dataset.series;
const element = root.querySelector('.pacs-viewport');
const overlay = root.querySelector('.pacs-contours');
const slider = root.querySelector('.pacs-slider');
const status = root.querySelector('.pacs-status');
const legend = root.querySelector('.pacs-legend');
const message = root.querySelector('.pacs-message');

const IMAGE_MODALITIES = new Set(['CT', 'MR', 'PT', 'RTIMAGE', 'CR', 'DX', 'MG', 'NM', 'US', 'XA', 'OT']);
/** CT window presets: width and level in HU. */
const PRESETS = {
  'Soft tissue': [400, 40], Lung: [1500, -600], Bone: [1800, 400], Brain: [80, 40], Mediastinum: [350, 50],
};

const value = (item, tag) => item?.[tag]?.Value;
const first = (item, tag) => value(item, tag)?.[0];
const text = (item, tag) => {
  const v = first(item, tag);
  return v && typeof v === 'object' ? v.Alphabetic : v;
};

async function json(path) {
  const r = await fetch(base + path, { headers: { Accept: 'application/dicom+json' }, credentials: 'same-origin' });
  if (r.status === 404) {
    throw new Error('not found in the study and site you work in');
  }
  if (!r.ok) {
    throw new Error('the server answered HTTP ' + r.status);
  }
  return r.json();
}

function fail(text) {
  root.dataset.state = 'error';
  message.hidden = false;
  message.textContent = text;
}

/** The instances of a series in slice order (along the normal of their orientation, else by instance number). */
function sortSlices(instances) {
  const normal = (() => {
    const o = value(instances[0], '00200037');
    if (!o || o.length !== 6) return null;
    return [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  })();
  const key = (i) => {
    const p = value(i, '00200032');
    if (normal && p && p.length === 3) return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
    return Number(first(i, '00200013') ?? 0);
  };
  return [...instances].sort((a, b) => key(a) - key(b));
}

/** ROIs of the structure sets (RTSTRUCT instances' metadata) with their contours by referenced image UID and plane. */
function readStructures(structureSets) {
  const rois = [];
  for (const ss of structureSets) {
    const names = new Map();
    for (const r of value(ss, '30060020') ?? []) {
      names.set(first(r, '30060022'), text(r, '30060026') ?? 'ROI ' + first(r, '30060022'));
    }
    for (const rc of value(ss, '30060039') ?? []) {
      const number = first(rc, '30060084');
      const color = value(rc, '3006002A') ?? [255, 0, 0];
      const contours = [];
      for (const c of value(rc, '30060040') ?? []) {
        const data = value(c, '30060050');
        if (!data || data.length < 6) continue;
        const points = [];
        for (let k = 0; k + 2 < data.length; k += 3) points.push([+data[k], +data[k + 1], +data[k + 2]]);
        const images = (value(c, '30060016') ?? []).map((i) => first(i, '00081155'));
        contours.push({ points, images, closed: text(c, '30060042') !== 'OPEN_PLANAR' });
      }
      if (contours.length) {
        rois.push({ name: names.get(number) ?? 'ROI ' + number, color, contours, visible: true });
      }
    }
  }
  return rois;
}

async function main() {
  root.dataset.state = 'loading';
  const seriesList = await json(`/studies/${studyUid}/series`);
  const modalityOf = new Map(seriesList.map((s) => [first(s, '0020000E'), first(s, '00080060')]));
  const modality = modalityOf.get(seriesUid);
  if (!modality) {
    fail('This series is not in the study and site you work in.');
    return;
  }
  // RT objects: a structure set opens on the image series it outlines; plans and doses cannot be shown
  let imageSeries = seriesUid;
  const structureSets = [];
  for (const [uid, m] of modalityOf) {
    if (m === 'RTSTRUCT') {
      structureSets.push(...await json(`/studies/${studyUid}/series/${uid}/metadata`));
    }
  }
  if (modality === 'RTSTRUCT') {
    const referenced = structureSets.flatMap((ss) => (value(ss, '30060010') ?? [])
      .flatMap((f) => value(f, '30060012') ?? []).flatMap((s) => value(s, '30060014') ?? [])
      .map((s) => first(s, '0020000E')));
    imageSeries = referenced.find((uid) => modalityOf.has(uid));
    if (!imageSeries) {
      fail('The structure set outlines images that are not in this study, so its contours cannot be shown.');
      return;
    }
  } else if (!IMAGE_MODALITIES.has(modality)) {
    fail(`The viewer cannot show ${modality} objects (it shows images: CT, MR, PET, RT Image, and RT structure `
      + 'sets on their images). Download the series to open it in a planning system.');
    return;
  }

  const instances = sortSlices(await json(`/studies/${studyUid}/series/${imageSeries}/metadata`))
    .filter((i) => i['7FE00010'] || i['7fe00010'] || first(i, '00280010'));
  if (!instances.length) {
    fail('This series holds no images the viewer can show.');
    return;
  }
  const canvasProbe = document.createElement('canvas');
  if (!canvasProbe.getContext('webgl2') && !canvasProbe.getContext('webgl')) {
    setUseCPURendering(true); // no WebGL (e.g. a browser without GPU): Cornerstone draws on the CPU
  }
  coreInit();
  toolsInit();
  // before any metadata is added: the loader's init empties its metadata cache
  loaderInit({ maxWebWorkers: Math.min(4, navigator.hardwareConcurrency || 1) });
  const root0 = `${location.origin}${base}/studies/${studyUid}/series/${imageSeries}/instances/`;
  // one image per frame: a multi-frame instance (e.g. an RT Image or enhanced MR) contributes all its frames
  const imageIds = [];
  const instanceOf = [];
  for (const i of instances) {
    const frames = Math.max(1, Number(first(i, '00280008') ?? 1));
    for (let f = 1; f <= frames; f++) {
      const imageId = `wadors:${root0}${first(i, '00080018')}/frames/${f}`;
      wadors.metaDataManager.add(imageId, i);
      imageIds.push(imageId);
      instanceOf.push(i);
    }
  }
  const sopOf = new Map(imageIds.map((id, k) => [id, first(instanceOf[k], '00080018')]));


  const engine = new RenderingEngine('pacs-engine');
  engine.enableElement({ viewportId: 'pacs-stack', type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport('pacs-stack');

  for (const t of [StackScrollTool, WindowLevelTool, ZoomTool, PanTool]) addTool(t);
  const tools = ToolGroupManager.createToolGroup('pacs-tools');
  for (const t of [StackScrollTool, WindowLevelTool, ZoomTool, PanTool]) tools.addTool(t.toolName);
  const B = ToolEnums.MouseBindings;
  tools.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: B.Primary }] });
  tools.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: B.Auxiliary }] });
  tools.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: B.Secondary }] });
  tools.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: B.Wheel }] });
  tools.addViewport('pacs-stack', 'pacs-engine');
  element.addEventListener('contextmenu', (e) => e.preventDefault());

  const rois = readStructures(structureSets);
  const stackSops = new Set(sopOf.values());
  for (const roi of rois) {
    roi.contours = roi.contours.filter((c) => c.images.some((u) => stackSops.has(u)) || !c.images.length);
  }
  const shown = rois.filter((r) => r.contours.length);
  drawLegend(shown);

  /** Contours of the current slice: those that name its image, else those in its plane (half a slice apart). */
  function contoursOn(imageId) {
    const sop = sopOf.get(imageId);
    const k = imageIds.indexOf(imageId);
    const z = value(instanceOf[k], '00200032')?.[2];
    const half = Math.abs(Number(first(instanceOf[k], '00180050') ?? 1)) / 2 || 0.5;
    return shown.filter((r) => r.visible).map((r) => [r, r.contours.filter((c) => (c.images.length
      ? c.images.includes(sop) : z !== undefined && Math.abs(c.points[0][2] - z) <= half))]);
  }

  function drawContours() {
    const ratio = window.devicePixelRatio || 1;
    const w = element.clientWidth;
    const h = element.clientHeight;
    if (overlay.width !== Math.round(w * ratio) || overlay.height !== Math.round(h * ratio)) {
      overlay.width = Math.round(w * ratio);
      overlay.height = Math.round(h * ratio);
      overlay.style.width = w + 'px';
      overlay.style.height = h + 'px';
    }
    const g = overlay.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    g.lineWidth = 2;
    for (const [roi, contours] of contoursOn(viewport.getCurrentImageId())) {
      g.strokeStyle = `rgb(${roi.color.join(',')})`;
      for (const c of contours) {
        g.beginPath();
        c.points.forEach((p, k) => {
          const [x, y] = viewport.worldToCanvas(p);
          if (k === 0) g.moveTo(x, y); else g.lineTo(x, y);
        });
        if (c.closed) g.closePath();
        g.stroke();
      }
    }
  }

  function drawLegend(list) {
    legend.replaceChildren();
    if (!list.length) {
      legend.hidden = true;
      return;
    }
    legend.hidden = false;
    const title = document.createElement('strong');
    title.textContent = 'Structures';
    legend.append(title);
    list.forEach((roi, k) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.className = 'pacs-roi';
      box.dataset.roi = String(k);
      box.addEventListener('change', () => {
        roi.visible = box.checked;
        drawContours();
      });
      const swatch = document.createElement('span');
      swatch.className = 'pacs-swatch';
      swatch.style.background = `rgb(${roi.color.join(',')})`;
      label.append(box, swatch, document.createTextNode(' ' + roi.name));
      legend.append(label);
    });
  }

  function showStatus() {
    const k = viewport.getCurrentImageIdIndex();
    const voi = viewport.getProperties().voiRange;
    slider.value = String(k);
    root.dataset.slice = String(k);
    root.dataset.slices = String(imageIds.length);
    if (voi) {
      const width = Math.round(voi.upper - voi.lower);
      const level = Math.round((voi.upper + voi.lower) / 2);
      root.dataset.voi = `${width}/${level}`;
      status.textContent = `${modality === 'RTSTRUCT' ? 'CT with structures' : modality} · slice ${k + 1} / `
        + `${imageIds.length} · W ${width} L ${level}`;
    }
  }

  element.addEventListener(Enums.Events.IMAGE_RENDERED, () => {
    drawContours();
    showStatus();
  });
  slider.max = String(imageIds.length - 1);
  slider.addEventListener('input', () => viewport.setImageIdIndex(Number(slider.value)));

  for (const button of root.querySelectorAll('[data-preset]')) {
    const [width, level] = PRESETS[button.dataset.preset];
    button.addEventListener('click', () => {
      viewport.setProperties({ voiRange: { lower: level - width / 2, upper: level + width / 2 } });
      viewport.render();
    });
  }
  root.querySelector('.pacs-reset').addEventListener('click', () => {
    viewport.resetCamera();
    viewport.resetProperties();
    viewport.render();
  });
  window.addEventListener('resize', () => engine.resize(true, true));

  // start in the middle of the stack, where structures usually are
  await viewport.setStack(imageIds, Math.floor(imageIds.length / 2));
  viewport.render();
  root.dataset.state = 'ready';
}

main().catch((e) => fail('The viewer could not open this series: ' + (e && e.message ? e.message : e)));
