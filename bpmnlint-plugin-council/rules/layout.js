// What the council's layout rules share: a diagram's shapes, edges and labels (its BPMN DI) and the geometry to compare them.
const { is } = require('./helper');

/**
 * Each drawing of the definitions: the shapes and edges of one plane. A collapsed sub-process is drawn on a plane of its
 * own, opened on its own, so only elements of one plane can be drawn over each other.
 */
function planes(definitions) {
  return (definitions.diagrams || []).map((diagram) => (diagram.plane && diagram.plane.planeElement) || []);
}

const shapes = (planeElements) => planeElements.filter((e) => is(e, 'bpmndi:BPMNShape') && e.bounds && e.bpmnElement);
const edges = (planeElements) => planeElements.filter((e) => is(e, 'bpmndi:BPMNEdge') && e.bpmnElement);

/**
 * Whether a shape is a step or event a flow can be drawn through: not a pool, lane or expanded sub-process (flows run
 * inside those), nor a group.
 */
function isObstacle(shape) {
  const element = shape.bpmnElement;
  if (isContainer(shape)) return false;
  return is(element, 'bpmn:FlowNode') || is(element, 'bpmn:TextAnnotation') || is(element, 'bpmn:DataObjectReference') || is(element, 'bpmn:DataStoreReference');
}

function isContainer(shape) {
  const element = shape.bpmnElement;
  return is(element, 'bpmn:Participant') || is(element, 'bpmn:Lane') || is(element, 'bpmn:Group') || (is(element, 'bpmn:SubProcess') && shape.isExpanded !== false);
}

/** A box shrunk by `by` px on every side (a negative `by` grows it). */
function shrink(box, by) {
  return { x: box.x + by, y: box.y + by, width: box.width - 2 * by, height: box.height - 2 * by };
}

/** Whether two boxes share some area (touching edges do not count). */
function intersects(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether the segment from p to q passes through the inside of the box (Liang–Barsky clipping). */
function segmentCrosses(p, q, box) {
  if (box.width <= 0 || box.height <= 0) return false;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const edgesOfBox = [[-dx, p.x - box.x], [dx, box.x + box.width - p.x], [-dy, p.y - box.y], [dy, box.y + box.height - p.y]];
  for (const [pEdge, qEdge] of edgesOfBox) {
    if (pEdge === 0) {
      if (qEdge <= 0) return false;
    } else {
      const t = qEdge / pEdge;
      if (pEdge < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
  }
  return true;
}

const cross = (o, a, b) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/**
 * Whether segment p1–p2 and segment q1–q2 cross each other: each passes from one side of the other to the other side,
 * by more than `margin` px at both ends (lines meeting at an end or at a bend, or touching, do not count).
 */
function segmentsCross(p1, p2, q1, q2, margin) {
  const lengthP = Math.hypot(p2.x - p1.x, p2.y - p1.y);
  const lengthQ = Math.hypot(q2.x - q1.x, q2.y - q1.y);
  if (lengthP === 0 || lengthQ === 0) return false;
  // Signed distances (px) of each segment's ends from the other's line.
  const d1 = cross(q1, q2, p1) / lengthQ;
  const d2 = cross(q1, q2, p2) / lengthQ;
  const d3 = cross(p1, p2, q1) / lengthP;
  const d4 = cross(p1, p2, q2) / lengthP;
  const apart = (a, b) => (a > margin && b < -margin) || (a < -margin && b > margin);
  return apart(d1, d2) && apart(d3, d4);
}

/** How long (px) segment p1–p2 and segment q1–q2 run along the same line, within `margin` px of each other (0 if they do not). */
function sharedLength(p1, p2, q1, q2, margin) {
  const length = Math.hypot(p2.x - p1.x, p2.y - p1.y);
  if (length === 0) return 0;
  const off = (r) => Math.abs(cross(p1, p2, r)) / length;
  if (off(q1) > margin || off(q2) > margin) return 0;
  // Where q's ends fall along p, in px from p1.
  const along = (r) => ((r.x - p1.x) * (p2.x - p1.x) + (r.y - p1.y) * (p2.y - p1.y)) / length;
  const [from, to] = [along(q1), along(q2)].sort((a, b) => a - b);
  return Math.max(0, Math.min(length, to) - Math.max(0, from));
}

/** A line's segments, each as [from, to]. */
function segments(edge) {
  const points = edge.waypoint || [];
  return points.slice(1).map((q, i) => [points[i], q]);
}

/** Whether two sequence flows start or end at the same element, so their lines may meet there and run together. */
function shareAnEnd(a, b) {
  return a.sourceRef === b.sourceRef || a.targetRef === b.targetRef;
}

/**
 * Every two sequence flows drawn in one plane that neither leave nor enter the same element (those may meet there and
 * run together), as [edge, other edge]: what the rules about lines compare.
 */
function separateFlows(definitions) {
  const pairs = [];
  for (const plane of planes(definitions)) {
    const flows = edges(plane).filter((edge) => is(edge.bpmnElement, 'bpmn:SequenceFlow'));
    flows.forEach((edge, i) => {
      for (const other of flows.slice(i + 1)) if (!shareAnEnd(edge.bpmnElement, other.bpmnElement)) pairs.push([edge, other]);
    });
  }
  return pairs;
}

/** Elements whose name bpmn-js prints outside them, below a shape or beside a line (bpmn-js' isLabelExternal). */
const EXTERNAL_LABEL = ['bpmn:Event', 'bpmn:Gateway', 'bpmn:DataStoreReference', 'bpmn:DataObjectReference', 'bpmn:SequenceFlow', 'bpmn:MessageFlow'];

/**
 * Advance widths of Arial's printable ASCII characters (space to "~"), in thousandths of the font size: Helvetica's
 * published metrics, which Arial and Liberation Sans share. Other characters count as a digit's width.
 */
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** How wide (px) a text is printed in Arial at `fontSize` px. */
function textWidth(text, fontSize) {
  let thousandths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    thousandths += code >= 32 && code <= 126 ? ARIAL[code - 32] : 556;
  }
  return (thousandths * fontSize) / 1000;
}

/**
 * How bpmn-js prints names (bpmn-js' TextRenderer and BpmnRenderer): a step's name at 12 px inside its shape, less
 * 7 px padding each side; an external label at 11 px, wrapped at its saved width, or at 90 px when it has none.
 */
const FONT = { embedded: 12, external: 11, padding: 7 };
const LABEL = { width: 90, height: 20, lineHeight: 14, flowIndent: 15 };

/**
 * The lines bpmn-js prints a name in, within `maxWidth` px: diagram-js' Text layout, step for step. A line too wide is
 * cut to the share of its characters that would fit, at a space or hyphen where there is one (so lines come out
 * shorter than they could be), else mid-word; widths are measured without trailing spaces.
 */
function wrapText(text, maxWidth, fontSize) {
  const measure = (line) => (line ? textWidth(line.replace(/\s+$/, ''), fontSize) : 0);
  const lines = text.split(/\u00AD?\r?\n/);
  const out = [];
  while (lines.length) {
    const original = lines.shift();
    let fitLine = original;
    for (;;) {
      const width = measure(fitLine);
      if (fitLine === ' ' || fitLine === '' || width <= maxWidth || fitLine.length < 2) {
        if (fitLine.length < original.length) lines.unshift(original.slice(fitLine.length).trim());
        out.push({ text: fitLine, width });
        break;
      }
      fitLine = shortenLine(fitLine, width, maxWidth);
    }
  }
  return out;
}

/** diagram-js' shortenLine: the line cut to about the characters that fit, at a break where it can. */
function shortenLine(line, width, maxWidth) {
  const length = Math.max(line.length * (maxWidth / width), 1);
  const parts = line.split(/(\s|-|\u00AD)/g);
  const kept = [];
  let used = 0;
  if (parts.length > 1) {
    for (const part of parts) {
      if (!part) break;
      if (part.length + used < length) {
        kept.push(part);
        used += part.length;
      } else {
        if (part === '-' || part === '\u00AD') kept.pop();
        break;
      }
    }
  }
  if (kept[kept.length - 1] === '\u00AD') kept[kept.length - 1] = '-';
  return kept.join('') || line.slice(0, Math.max(Math.round(length - 1), 1));
}

/** How wide and tall bpmn-js prints a name as an external label with no saved bounds (its text wrapped at 90 px). */
function textSize(text) {
  const lines = wrapText(text.trim(), LABEL.width, FONT.external);
  return { width: Math.max(...lines.map((l) => l.width)), height: lines.length * LABEL.lineHeight };
}

/** Where bpmn-js puts a label with no bounds of its own: below the middle of a shape, or above the middle segment of a line. */
function defaultLabelMid(planeElement) {
  const points = planeElement.waypoint;
  if (points && points.length > 1) {
    const mid = points.length / 2 - 1;
    const first = points[Math.floor(mid)];
    const second = points[Math.ceil(mid + 0.01)];
    const x = first.x + (second.x - first.x) / 2;
    const y = first.y + (second.y - first.y) / 2;
    const angle = Math.atan((second.y - first.y) / (second.x - first.x));
    return Math.abs(angle) < Math.PI / 2 ? { x, y: y - LABEL.flowIndent } : { x: x + LABEL.flowIndent, y };
  }
  const b = planeElement.bounds;
  return { x: b.x + b.width / 2, y: b.y + b.height + LABEL.height / 2 };
}

/**
 * The box of a shape's or line's external label as drawn: its own bounds (as Modeler saves them), or where bpmn-js
 * puts it when it has none. Null when nothing is printed outside the element.
 */
function labelBox(planeElement) {
  const element = planeElement.bpmnElement;
  if (!element || !EXTERNAL_LABEL.some((type) => is(element, type)) || !(element.name || '').trim()) return null;
  const saved = planeElement.label && planeElement.label.bounds;
  if (saved) {
    // bpmn-js wraps the name at the saved width and prints it from the saved top, centred: the text may run below or
    // beside the saved box, and that is where it is read.
    // 1 px for the rounding of the saved width (Modeler saves the text's width rounded up; these metrics are estimates).
    const lines = wrapText(element.name.trim(), saved.width + 1, FONT.external);
    const width = Math.max(saved.width, ...lines.map((l) => l.width));
    const height = Math.max(saved.height, lines.length * FONT.external * 1.2);
    return { x: saved.x + saved.width / 2 - width / 2, y: saved.y, width, height };
  }
  if (!planeElement.bounds && !(planeElement.waypoint && planeElement.waypoint.length > 1)) return null;
  const mid = defaultLabelMid(planeElement);
  const size = textSize(element.name);
  return { x: mid.x - size.width / 2, y: mid.y - LABEL.height / 2, width: size.width, height: size.height };
}

/** The diagram element's name as a reader sees it, for messages. */
function describe(element) {
  return element.name ? `<${element.id}> ("${element.name.trim().replace(/\s+/g, ' ')}")` : `<${element.id}>`;
}

module.exports = { wrapText, textWidth, FONT, LABEL, EXTERNAL_LABEL, segmentsCross, sharedLength, segments, separateFlows, labelBox, planes, shapes, edges, isObstacle, isContainer, shrink, intersects, segmentCrosses, describe };
