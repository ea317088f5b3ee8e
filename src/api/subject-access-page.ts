// A subject access export as a page a person can read (UK GDPR Art. 12: concise, intelligible, in clear and plain language).
import type { SubjectAccessExport } from '../domain/subject-access';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** "presenting_issue" → "Presenting issue". */
const words = (key: string) => {
  const spaced = key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

function value(v: unknown): string {
  if (v === null || v === undefined) return '<span class="none">none</span>';
  if (v instanceof Date) return escape(v.toISOString());
  if (Array.isArray(v)) return v.length ? `<ul>${v.map((x) => `<li>${value(x)}</li>`).join('')}</ul>` : '<span class="none">none</span>';
  if (typeof v === 'string') return escape(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return record(v as Record<string, unknown>);
}

function record(r: Record<string, unknown>): string {
  return `<dl>${Object.entries(r).map(([k, v]) => `<dt>${escape(words(k))}</dt><dd>${value(v)}</dd>`).join('')}</dl>`;
}

/** The export as one self-contained HTML page: every section, every record, every field, escaped. */
export function subjectAccessPage(e: SubjectAccessExport): string {
  const sections = e.sections.map((s) => `<section><h2>${escape(s.heading)}</h2>${
    s.records.length ? s.records.map((r) => `<div class="record">${record(r)}</div>`).join('') : '<p>Nothing held.</p>'}</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>What adult social care holds: ${escape(e.request.reference)}</title>
<style>body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;line-height:1.4}dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em}dt{font-weight:bold}.record{border-top:1px solid #b1b4b6;padding:.5em 0}.none{color:#505a5f}</style>
</head><body>
<h1>What adult social care holds about this person</h1>
<p>Subject access request ${escape(e.request.reference)}, exported ${escape(e.request.exportedAt.toISOString())} by ${escape(e.request.exportedBy)}; ${e.caseIds.length} case(s).</p>
<h2>Before release</h2><ul>${e.beforeRelease.map((b) => `<li>${escape(b)}</li>`).join('')}</ul>
${sections}
</body></html>`;
}
